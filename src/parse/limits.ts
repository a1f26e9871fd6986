// The limits every parsed body keeps, in one place for the JSON reader, its error scanner and
// the form readers, so that each refuses a body the same way and at the same size.
import { BridgeError } from "../errors.ts";

/** The limits a JSON body must keep. */
export const JSON_LIMITS = { maxDepth: 32, maxKeys: 1000 } as const;

/** The limit a URL-encoded or multipart form must keep, like a JSON body's key limit. */
export const FORM_LIMITS = { maxFields: 1000 } as const;

/** What a JSON body nested deeper than the limit is told (the scanner adds where). */
export const TOO_DEEP = `nested deeper than ${JSON_LIMITS.maxDepth} levels`;

/** The 400 for a form body, or a query string, with more fields than the limit. */
export function tooManyFields(part: "body" | "query"): BridgeError {
  const message =
    part === "body" ? "The form has too many fields." : "The query string has too many fields.";
  return new BridgeError("malformed_body", message, {
    details: [{ field: part, problem: `more than ${FORM_LIMITS.maxFields} fields` }],
  });
}
