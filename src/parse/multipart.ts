// multipart/form-data (RFC 7578) read synchronously from the body bytes, for text fields.
// The runtime's `formData()` builds streams and File objects for every part; forms send a few
// short text fields, and this reads them at a fraction of the cost and allocation.
import { BridgeError } from "../errors.ts";
import { FORM_LIMITS, tooManyFields } from "./limits.ts";

/** One part: its field name, its text (empty for a file: files are never read), and the file's name if it is one. */
export type MultipartPart = { name: string; value: string; filename: string | undefined };

const utf8 = new TextDecoder("utf-8");

function malformed(problem: string): BridgeError {
  return new BridgeError("malformed_body", "The multipart form data is malformed.", {
    details: [{ field: "body", problem }],
  });
}

/** A decoded piece as the runtime's TextDecoder gives it alone: without a leading byte order mark. */
function withoutBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** The Content-Disposition of nearly every text field: its name alone, with nothing to unescape. */
const PLAIN_DISPOSITION = /^form-data; name="([^"\\]*)"$/;
/** Each parameter of a Content-Disposition: its key, and its quoted or bare value. */
const DISPOSITION_PARAMETER = /;\s*([A-Za-z*]+)\s*=\s*(?:"([^"\\]*(?:\\.[^"\\]*)*)"|([^;\s]*))/g;

/** Reads `name="..."` and `filename="..."` from a Content-Disposition header value. */
function readDisposition(value: string): {
  name: string | undefined;
  filename: string | undefined;
} {
  const plain = PLAIN_DISPOSITION.exec(value);
  if (plain) return { name: plain[1], filename: undefined };
  const params: Record<string, string> = {};
  for (const match of value.matchAll(DISPOSITION_PARAMETER)) {
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
  // The body is decoded once and split as text: the delimiters, line breaks and headers are
  // ASCII, which UTF-8 never uses inside a character, so each piece reads exactly as its bytes
  // decoded alone would (an invalid sequence becomes one U+FFFD either way).
  const text = utf8.decode(bytes);
  const delimiter = `--${boundary}`;
  const nextDelimiter = `\r\n${delimiter}`;
  const parts: MultipartPart[] = [];
  let at = text.indexOf(delimiter);
  if (at === -1) throw malformed("the boundary never occurs in the body");
  at += delimiter.length;
  for (;;) {
    // After a delimiter: `--` ends the body, CRLF starts a part.
    if (text.startsWith("--", at)) return parts;
    if (!text.startsWith("\r\n", at)) throw malformed("a boundary is not followed by a line break");
    if (parts.length === FORM_LIMITS.maxFields) throw tooManyFields("body");
    const headersStart = at + 2;
    const headersEnd = text.indexOf("\r\n\r\n", headersStart);
    if (headersEnd === -1) throw malformed("a part's headers never end");
    const bodyEnd = text.indexOf(nextDelimiter, headersEnd + 4);
    if (bodyEnd === -1) throw malformed("the body ends before its closing boundary");
    let disposition: string | undefined;
    for (const line of withoutBom(text.slice(headersStart, headersEnd)).split("\r\n")) {
      const colon = line.indexOf(":");
      if (colon > 0 && line.slice(0, colon).trim().toLowerCase() === "content-disposition") {
        disposition = line.slice(colon + 1).trim();
      }
    }
    if (!disposition?.toLowerCase().startsWith("form-data"))
      throw malformed("a part has no form-data Content-Disposition");
    const { name, filename } = readDisposition(disposition);
    if (name === undefined) throw malformed("a part has no name");
    const value = filename === undefined ? withoutBom(text.slice(headersEnd + 4, bodyEnd)) : "";
    parts.push({ name, value, filename });
    at = bodyEnd + nextDelimiter.length;
  }
}
