// multipart/form-data (RFC 7578) read synchronously from the body bytes, for text fields.
// The runtime's `formData()` builds streams and File objects for every part; forms send a few
// short text fields, and this reads them at a fraction of the cost and allocation.
import { BridgeError } from "../errors.ts";
import { FORM_LIMITS, tooManyFields } from "./limits.ts";

/** One part: its field name, its text (empty for a file: files are never read), and the file's name if it is one. */
export type MultipartPart = { name: string; value: string; filename: string | undefined };

const CRLF = [13, 10];
/** The blank line that ends a part's headers. */
const HEADERS_END = new Uint8Array([13, 10, 13, 10]);
const encoder = new TextEncoder();
const utf8 = new TextDecoder("utf-8");

function malformed(problem: string): BridgeError {
  return new BridgeError("malformed_body", "The multipart form data is malformed.", {
    details: [{ field: "body", problem }],
  });
}

/** The first index of `needle` in `haystack` at or after `from`, or -1. */
function indexOfBytes(haystack: Uint8Array, needle: Uint8Array, from: number): number {
  const first = needle[0] as number;
  for (let at = haystack.indexOf(first, from); at !== -1; at = haystack.indexOf(first, at + 1)) {
    if (at + needle.length > haystack.length) return -1;
    let match = true;
    for (let i = 1; i < needle.length; i++) {
      if (haystack[at + i] !== needle[i]) {
        match = false;
        break;
      }
    }
    if (match) return at;
  }
  return -1;
}

/** Reads `name="..."` and `filename="..."` from a Content-Disposition header value. */
function readDisposition(value: string): {
  name: string | undefined;
  filename: string | undefined;
} {
  const params: Record<string, string> = {};
  for (const match of value.matchAll(/;\s*([A-Za-z*]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;\s]*))/g)) {
    const key = (match[1] as string).toLowerCase();
    const raw = match[2] !== undefined ? match[2].replace(/\\(.)/g, "$1") : (match[3] ?? "");
    // Browsers write `"` in a name as %22; like the runtime's own parser, it stays %22.
    params[key] = raw;
  }
  return { name: params.name, filename: params.filename };
}

/**
 * Splits a multipart/form-data body into its parts, refusing more than the form field limit
 * (file parts included) as soon as the next part would pass it.
 *
 * @example
 * parseMultipart(bytes, "----boundary") // => [{ name: "email", value: "ada@example.com", filename: undefined }]
 */
export function parseMultipart(bytes: Uint8Array, boundary: string): MultipartPart[] {
  if (boundary.length === 0 || boundary.length > 200) throw malformed("the boundary is not valid");
  const delimiter = encoder.encode(`--${boundary}`);
  const nextDelimiter = new Uint8Array([...CRLF, ...delimiter]);
  const parts: MultipartPart[] = [];
  let at = indexOfBytes(bytes, delimiter, 0);
  if (at === -1) throw malformed("the boundary never occurs in the body");
  at += delimiter.length;
  for (;;) {
    // After a delimiter: `--` ends the body, CRLF starts a part.
    if (bytes[at] === 45 && bytes[at + 1] === 45) return parts;
    if (bytes[at] !== 13 || bytes[at + 1] !== 10)
      throw malformed("a boundary is not followed by a line break");
    if (parts.length === FORM_LIMITS.maxFields) throw tooManyFields("body");
    const headersStart = at + 2;
    const headersEnd = indexOfBytes(bytes, HEADERS_END, headersStart);
    if (headersEnd === -1) throw malformed("a part's headers never end");
    const bodyEnd = indexOfBytes(bytes, nextDelimiter, headersEnd + 4);
    if (bodyEnd === -1) throw malformed("the body ends before its closing boundary");
    let disposition: string | undefined;
    for (const line of utf8.decode(bytes.subarray(headersStart, headersEnd)).split("\r\n")) {
      const colon = line.indexOf(":");
      if (colon > 0 && line.slice(0, colon).trim().toLowerCase() === "content-disposition") {
        disposition = line.slice(colon + 1).trim();
      }
    }
    if (!disposition?.toLowerCase().startsWith("form-data"))
      throw malformed("a part has no form-data Content-Disposition");
    const { name, filename } = readDisposition(disposition);
    if (name === undefined) throw malformed("a part has no name");
    const value =
      filename === undefined ? utf8.decode(bytes.subarray(headersEnd + 4, bodyEnd)) : "";
    parts.push({ name, value, filename });
    at = bodyEnd + nextDelimiter.length;
  }
}
