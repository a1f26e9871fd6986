// What the sender sent, as the submission log keeps it until the submission is delivered: the
// raw body (as text when it is UTF-8, else base64), its content type, the query string and the
// few headers the stages read (never credentials or signatures). A replay runs parse, extract,
// map and validate on it again with the configuration of the day. It is personal data: it is
// never logged, and goes with the draft.
import * as z from "../zod.ts";

/**
 * What the sender sent is not kept (the draft still is) when its stored form would be larger
 * than this: a D1 row holds 2 MB in all, and the draft needs its share.
 */
export const MAX_KEPT_BODY_BYTES = 256 * 1024;

/** The stored form of what a sender sent. */
export const SenderInput = z.strictObject({
  content_type: z.nullable(z.string()),
  search: z.string(),
  headers: z.record(z.string(), z.string()),
  text: z.optional(z.string()),
  base64: z.optional(z.string()),
});
export type SenderInput = z.infer<typeof SenderInput>;

/** A submission as the pure stages take it (the shape of the pipeline's `RawSubmission`). */
export type SentRequest = {
  bytes: Uint8Array;
  contentType: string | null;
  search: string;
  headers: Headers;
};

const strictUtf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
const encoder = new TextEncoder();

function encodeBase64(bytes: Uint8Array): string {
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}

function decodeBase64(text: string): Uint8Array {
  return Uint8Array.from(atob(text), (char) => char.charCodeAt(0));
}

/**
 * What to keep of a request: undefined when it would take more than `MAX_KEPT_BODY_BYTES`.
 *
 * @param headerNames the headers the stages read (lower-case); no other header is kept
 */
export function keepSenderInput(
  request: SentRequest,
  headerNames: readonly string[],
): SenderInput | undefined {
  if (request.bytes.length > MAX_KEPT_BODY_BYTES) return undefined;
  const headers: Record<string, string> = {};
  for (const name of headerNames) {
    const value = request.headers.get(name);
    if (value !== null) headers[name] = value;
  }
  let body: { text: string } | { base64: string };
  try {
    body = { text: strictUtf8.decode(request.bytes) };
  } catch {
    body = { base64: encodeBase64(request.bytes) };
  }
  const kept = { content_type: request.contentType, search: request.search, headers, ...body };
  // JSON escapes control characters six times over: what counts is the size as stored (a
  // UTF-16 unit is at most 3 UTF-8 bytes, so a short text needs no encoding to be measured).
  const json = JSON.stringify(kept);
  const tooLarge =
    json.length * 3 > MAX_KEPT_BODY_BYTES && encoder.encode(json).length > MAX_KEPT_BODY_BYTES;
  return tooLarge ? undefined : kept;
}

/** The request a kept input stands for, byte for byte as it arrived. */
export function restoreSentRequest(input: SenderInput): SentRequest {
  return {
    bytes:
      input.base64 !== undefined ? decodeBase64(input.base64) : encoder.encode(input.text ?? ""),
    contentType: input.content_type,
    search: input.search,
    headers: new Headers(input.headers),
  };
}
