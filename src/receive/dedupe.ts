// Which key makes two deliveries the same submission: the sender's `Idempotency-Key` header,
// else the event id its preset (or `dedupe_key` path) found, else, with `dedupe_window_s`, a
// hash of the body. Without any, identical bodies are distinct submissions (two people can
// send the same form). On a signed source the event id comes first: it is covered by the
// signature and the header is not, so a captured delivery cannot be replayed under a new key.
import { sha256Hex } from "../authenticate/bytes.ts";
import type { Source } from "../config/load.ts";
import { isSignatureAuth } from "../config/schema.ts";
import { BridgeError } from "../errors.ts";
import type { NewSubmission } from "../store/submissions.ts";

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;

/** A delivery's dedupe key, and how long it counts (only a body hash expires). */
export type Dedupe = Pick<NewSubmission, "dedupeKey" | "dedupeWindowS">;

function idempotencyKeyOf(headers: Headers): string | undefined {
  const header = headers.get("idempotency-key");
  if (header === null) return undefined;
  if (!IDEMPOTENCY_KEY.test(header)) {
    throw new BridgeError("malformed_body", "The Idempotency-Key header is not valid.", {
      details: [{ field: "idempotency-key", problem: "must be 1 to 255 visible ASCII characters" }],
    });
  }
  return `key:${header}`;
}

/** The dedupe key of a delivery (undefined when it has none), and its window for a body hash. */
export async function dedupeOf(
  headers: Headers,
  eventId: string | undefined,
  source: Source,
  body: Uint8Array,
): Promise<Dedupe> {
  const header = idempotencyKeyOf(headers);
  const event = eventId ? `event:${eventId.slice(0, 255)}` : undefined;
  const key = isSignatureAuth(source.auth) ? (event ?? header) : (header ?? event);
  if (key !== undefined) return { dedupeKey: key };
  if (source.dedupe_window_s !== undefined) {
    return { dedupeKey: `body:${await sha256Hex(body)}`, dedupeWindowS: source.dedupe_window_s };
  }
  return { dedupeKey: undefined };
}
