// Reading a request's JSON body once, up front, so that it can be both logged and handled,
// and refusing what Close refuses: other media types (415) and malformed JSON (400).
import { CloseApiError, requestError, statusError } from "./errors.ts";

/** A request body as read: absent, JSON, not parseable, or not JSON at all. */
export type RequestBody =
  | { kind: "empty" }
  | { kind: "json"; value: unknown }
  | { kind: "malformed" }
  | { kind: "unsupported_media_type" };

/** Reads and classifies the body of `request` without throwing. */
export async function readRequestBody(request: Request): Promise<RequestBody> {
  if (request.method === "GET" || request.method === "HEAD") return { kind: "empty" };
  const contentType = request.headers.get("Content-Type");
  // A body without Content-Type is read as JSON; one declared as anything else is refused.
  if (contentType !== null && !/^application\/([a-z.+-]+\+)?json\b/i.test(contentType.trim())) {
    const bytes = await request.arrayBuffer();
    return bytes.byteLength === 0 ? { kind: "empty" } : { kind: "unsupported_media_type" };
  }
  const text = await request.text();
  if (text.trim() === "") return { kind: "empty" };
  try {
    return { kind: "json", value: JSON.parse(text) as unknown };
  } catch {
    return { kind: "malformed" };
  }
}

/** The body as `/__sim/requests` shows it: the parsed JSON, or null. */
export function describeLoggedBody(body: RequestBody): unknown {
  return body.kind === "json" ? body.value : null;
}

/** Returns the body as a JSON object, or throws the error Close answers instead. */
export function requireJsonObject(body: RequestBody): Record<string, unknown> {
  switch (body.kind) {
    case "empty":
      throw requestError("A JSON object is required as the request body.");
    case "unsupported_media_type":
      throw statusError(415);
    case "malformed":
      throw new CloseApiError(400, { error: "Invalid JSON in the request body." });
    case "json":
      if (typeof body.value === "object" && body.value !== null && !Array.isArray(body.value)) {
        return body.value as Record<string, unknown>;
      }
      throw requestError("The request body must be a JSON object.");
  }
}
