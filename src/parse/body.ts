// Stage 3, parse: the raw body bytes of a submission become data, by content type (JSON, URL
// encoded or multipart forms, JSON sent as text/plain), within limits on depth, keys and form
// fields (limits.ts). Every object made from sender data has no prototype, so `__proto__` or
// `constructor` are just keys.
import { BridgeError } from "../errors.ts";
import { locateJsonError } from "./json-error.ts";
import { FORM_LIMITS, JSON_LIMITS, TOO_DEEP, tooManyFields } from "./limits.ts";
import { parseMultipart } from "./multipart.ts";

/** A value parsed from a body: JSON, or a form's strings and lists of strings. */
export type Value = string | number | boolean | null | Value[] | Fields;
/** An object parsed from a body (always without a prototype). */
export type Fields = { [key: string]: Value };

/** What the parse stage gives the extract stage. */
export type Payload = {
  /** `form` for URL-encoded and multipart bodies, `json` for JSON ones. */
  kind: "form" | "json";
  body: Value;
  /** The query string of the request, repeated names as lists. */
  query: Fields;
};

/** Options from the source that change how a body is read. */
export type ParseOptions = { files: "refuse" | "ignore" };

const SUPPORTED_CHARSETS = new Set(["utf-8", "utf8", "unicode-1-1-utf-8"]);

/** Splits a Content-Type header into its media type and parameters. */
export function parseContentType(header: string | null): {
  type: string;
  params: Record<string, string>;
} {
  const [type = "", ...rest] = (header ?? "").split(";");
  const params: Record<string, string> = {};
  for (const part of rest) {
    const eq = part.indexOf("=");
    if (eq < 0) continue;
    const name = part.slice(0, eq).trim().toLowerCase();
    params[name] = part
      .slice(eq + 1)
      .trim()
      .replace(/^"(.*)"$/, "$1");
  }
  return { type: type.trim().toLowerCase(), params };
}

// One decoder for every body (each decode() call that is not streamed starts afresh).
const UTF8 = new TextDecoder("utf-8");

function decodeText(bytes: Uint8Array, charset: string | undefined): string {
  const label = (charset ?? "utf-8").toLowerCase();
  if (SUPPORTED_CHARSETS.has(label)) return UTF8.decode(bytes);
  if (label === "iso-8859-1" || label === "latin1" || label === "us-ascii") {
    // Each byte is its own code point in ISO-8859-1 (and ASCII is a subset of it).
    let text = "";
    for (const byte of bytes) text += String.fromCharCode(byte);
    return text;
  }
  throw new BridgeError("unsupported_media_type", `Unsupported charset "${label}": send UTF-8.`);
}

/** Makes an empty object that no key can reach a prototype through. */
export function emptyFields(): Fields {
  return Object.create(null) as Fields;
}

/** Adds a value under `key`, turning a repeated key into a list. */
function appendField(fields: Fields, key: string, value: string) {
  const existing = fields[key];
  if (existing === undefined) fields[key] = value;
  else if (Array.isArray(existing)) existing.push(value);
  else fields[key] = [existing, value];
}

/** Which part of the request URL-encoded text is, and the charset its escapes are in. */
type UrlEncodedOptions = { part: "body" | "query"; charset?: string | undefined };

/**
 * Parses a URL-encoded body (or a query string), decoding percent escapes in its charset and
 * refusing more than the form field limit as soon as the next field would pass it.
 *
 * @example
 * parseUrlEncoded("tag=a&tag=b", { part: "body" }) // => { tag: ["a", "b"] }
 */
export function parseUrlEncoded(text: string, options: UrlEncodedOptions): Fields {
  const fields = emptyFields();
  let count = 0;
  for (let start = 0; start < text.length; ) {
    const amp = text.indexOf("&", start);
    const end = amp < 0 ? text.length : amp;
    if (end > start) {
      count += 1;
      if (count > FORM_LIMITS.maxFields) throw tooManyFields(options.part);
      const pair = text.slice(start, end);
      const eq = pair.indexOf("=");
      const rawKey = eq < 0 ? pair : pair.slice(0, eq);
      const rawValue = eq < 0 ? "" : pair.slice(eq + 1);
      appendField(
        fields,
        percentDecode(rawKey, options, start),
        percentDecode(rawValue, options, start + eq + 1),
      );
    }
    start = end + 1;
  }
  return fields;
}

/** A hex digit's value, or -1 (for anything else, NaN included). */
function hexDigit(code: number): number {
  if (code >= 48 && code <= 57) return code - 48;
  const lower = code | 32;
  return lower >= 97 && lower <= 102 ? lower - 87 : -1;
}

/**
 * `text` with its escapes decoded when every one is a valid escape of an ASCII byte (`%40`,
 * `%0D`), which is what a form mostly sends; undefined for any other escape. A JavaScript loop
 * costs workerd less than `decodeURIComponent`'s call into the runtime, and an ASCII byte is
 * the same character in UTF-8, so the answer is the same.
 */
function decodeAsciiEscapes(text: string): string | undefined {
  let decoded = "";
  let copied = 0;
  for (let at = text.indexOf("%"); at >= 0; at = text.indexOf("%", at + 3)) {
    const high = hexDigit(text.charCodeAt(at + 1));
    const low = hexDigit(text.charCodeAt(at + 2));
    if (high < 0 || high > 7 || low < 0) return undefined;
    decoded += text.slice(copied, at) + String.fromCharCode(high * 16 + low);
    copied = at + 3;
  }
  return decoded + text.slice(copied);
}

function percentDecode(text: string, options: UrlEncodedOptions, offset: number): string {
  const plain = text.includes("+") ? text.replaceAll("+", " ") : text;
  if (!plain.includes("%")) return plain;
  if (options.charset === undefined || SUPPORTED_CHARSETS.has(options.charset.toLowerCase())) {
    const ascii = decodeAsciiEscapes(plain);
    if (ascii !== undefined) return ascii;
    // UTF-8 escapes that are all valid, in one native call; anything else
    // (a broken escape, bytes that are not UTF-8, a byte order mark) takes the careful way.
    try {
      const decoded = decodeURIComponent(plain);
      if (!decoded.includes("\uFEFF")) return decoded;
    } catch {
      // decoded below, with the error it deserves
    }
  }
  // Literal characters are kept; each run of %XX escapes is bytes in the form's charset.
  let decoded = "";
  let run: number[] = [];
  for (let i = 0; i < plain.length; i++) {
    if (plain[i] === "%") {
      const hex = plain.slice(i + 1, i + 3);
      if (!/^[0-9a-fA-F]{2}$/.test(hex)) {
        const message =
          options.part === "body"
            ? "The form data is malformed."
            : "The query string is malformed.";
        throw new BridgeError("malformed_body", message, {
          details: [
            {
              field: options.part,
              problem: `invalid percent-encoding at character ${offset + i + 1}`,
            },
          ],
        });
      }
      run.push(Number.parseInt(hex, 16));
      i += 2;
    } else {
      if (run.length > 0) decoded += decodeText(Uint8Array.from(run), options.charset);
      run = [];
      decoded += plain[i];
    }
  }
  if (run.length > 0) decoded += decodeText(Uint8Array.from(run), options.charset);
  return decoded;
}

/** Where a JSON text broke, in words that never quote it. */
function describeJsonError(text: string): string {
  const location = locateJsonError(text);
  if (!location) return "the body is not valid JSON";
  return `${location.problem} at line ${location.line}, column ${location.column}`;
}

/**
 * Makes parsed JSON prototype-free (every object copied into one made without a prototype;
 * JSON.parse made every `__proto__` key an own property, so nothing is lost), enforcing the
 * depth and key limits on the way. A copy costs workerd less than changing each object's
 * prototype in place.
 */
function toSafeValue(value: unknown, depth: number, counter: { keys: number }): Value {
  if (value === null || typeof value !== "object") return value as Value;
  if (depth > JSON_LIMITS.maxDepth) {
    throw new BridgeError("malformed_body", "The JSON is nested too deeply.", {
      details: [{ field: "body", problem: TOO_DEEP }],
    });
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = toSafeValue(value[i], depth + 1, counter);
    return value as Value[];
  }
  const source = value as Record<string, unknown>;
  const fields = emptyFields();
  for (const key in source) {
    counter.keys += 1;
    if (counter.keys > JSON_LIMITS.maxKeys) {
      throw new BridgeError("malformed_body", "The JSON has too many keys.", {
        details: [{ field: "body", problem: `more than ${JSON_LIMITS.maxKeys} keys` }],
      });
    }
    fields[key] = toSafeValue(source[key], depth + 1, counter);
  }
  return fields;
}

/** Parses JSON text into prototype-free data, or a 400 saying where it broke. */
export function parseJson(text: string): Value {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new BridgeError("malformed_body", "The body is not valid JSON.", {
      details: [{ field: "body", problem: describeJsonError(text) }],
    });
  }
  return toSafeValue(parsed, 1, { keys: 0 });
}

function readMultipartFields(bytes: Uint8Array, boundary: string, options: ParseOptions): Fields {
  const fields = emptyFields();
  for (const part of parseMultipart(bytes, boundary)) {
    if (part.filename === undefined) {
      appendField(fields, part.name, part.value);
    } else if (options.files === "refuse") {
      throw new BridgeError("unsupported_media_type", "File uploads are not accepted here.", {
        details: [{ field: part.name, problem: "is a file; this source accepts text fields only" }],
      });
    }
  }
  return fields;
}

/**
 * Parses a submission body by its content type.
 *
 * @example
 * await parseBody(bytes, "application/x-www-form-urlencoded", "?utm_source=ads", { files: "refuse" })
 * // => { kind: "form", body: { email: "ada@example.com" }, query: { utm_source: "ads" } }
 */
export async function parseBody(
  bytes: Uint8Array,
  contentTypeHeader: string | null,
  search: string,
  options: ParseOptions,
): Promise<Payload> {
  const query = parseUrlEncoded(search.replace(/^\?/, ""), { part: "query" });
  const { type, params } = parseContentType(contentTypeHeader);
  if (type === "") {
    throw new BridgeError("unsupported_media_type", "The request has no Content-Type.", {
      details: [{ field: "content-type", problem: "is missing" }],
    });
  }
  if (type === "application/json" || type.endsWith("+json") || type === "text/plain") {
    const text = decodeText(bytes, params.charset).replace(/^\uFEFF/, "");
    return { kind: "json", body: parseJson(text), query };
  }
  if (type === "application/x-www-form-urlencoded") {
    const text = decodeText(bytes, params.charset);
    return {
      kind: "form",
      body: parseUrlEncoded(text, { part: "body", charset: params.charset }),
      query,
    };
  }
  if (type === "multipart/form-data") {
    if (!params.boundary) {
      throw new BridgeError("malformed_body", "The multipart form data has no boundary.", {
        details: [{ field: "content-type", problem: "multipart/form-data without boundary" }],
      });
    }
    return {
      kind: "form",
      body: readMultipartFields(bytes, params.boundary, options),
      query,
    };
  }
  throw new BridgeError("unsupported_media_type", `Unsupported content type "${type}".`, {
    details: [
      {
        field: "content-type",
        problem:
          "send application/json, application/x-www-form-urlencoded, multipart/form-data or text/plain holding JSON",
      },
    ],
  });
}
