// Which key makes two deliveries the same submission: the sender's `Idempotency-Key` header,
// else the event id its preset (or `dedupe_key` path) found, else, with `dedupe_window_s`, a
// hash of the body. Without any, identical bodies are distinct submissions (two people can
// send the same form).
import type { Source } from "../config/load.ts";
import { BridgeError } from "../errors.ts";

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;

async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", bytes);
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/** The dedupe key of a delivery, or undefined when it has none. */
export async function dedupeKeyOf(
  headers: Headers,
  eventId: string | undefined,
  source: Source,
  body: Uint8Array,
): Promise<string | undefined> {
  const header = headers.get("idempotency-key");
  if (header !== null) {
    if (!IDEMPOTENCY_KEY.test(header)) {
      throw new BridgeError("malformed_body", "The Idempotency-Key header is not valid.", {
        details: [
          { field: "idempotency-key", problem: "must be 1 to 255 visible ASCII characters" },
        ],
      });
    }
    return `key:${header}`;
  }
  if (eventId !== undefined && eventId !== "") return `event:${eventId.slice(0, 255)}`;
  if (source.dedupe_window_s !== undefined) return `body:${await sha256Hex(body)}`;
  return undefined;
}
