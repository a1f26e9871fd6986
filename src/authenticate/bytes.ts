// Byte helpers for signature checks: UTF-8, and hex and base64 decoding that answer null for
// anything malformed, so that a garbled header is a failed check rather than an exception.

const encoder = new TextEncoder();

/** The UTF-8 bytes of `text`. */
export function encodeUtf8(text: string): Uint8Array {
  return encoder.encode(text);
}

/** Joins byte arrays and strings (as UTF-8) into one array, in order. */
export function concatBytes(...parts: (Uint8Array | string)[]): Uint8Array {
  const arrays = parts.map((part) => (typeof part === "string" ? encodeUtf8(part) : part));
  const joined = new Uint8Array(arrays.reduce((total, array) => total + array.length, 0));
  let offset = 0;
  for (const array of arrays) {
    joined.set(array, offset);
    offset += array.length;
  }
  return joined;
}

// Each ASCII character's value as a hex digit and as a base64 digit (either alphabet); -1 for
// a character that is not one. Signatures are decoded on every request: one table look-up
// per character, no regular expression, no intermediate string.
const HEX_DIGITS = digitTable("0123456789abcdef", { A: 10, B: 11, C: 12, D: 13, E: 14, F: 15 });
const BASE64_DIGITS = digitTable(
  "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/",
  { "-": 62, _: 63 },
);

function digitTable(digits: string, more: Record<string, number>): Int8Array {
  const table = new Int8Array(128).fill(-1);
  for (let i = 0; i < digits.length; i++) table[digits.charCodeAt(i)] = i;
  for (const [char, value] of Object.entries(more)) table[char.charCodeAt(0)] = value;
  return table;
}

function digitOf(table: Int8Array, code: number): number {
  return code < 128 ? (table[code] as number) : -1;
}

/** Decodes hex (either case); null when `text` is not whole bytes of hex. */
export function decodeHex(text: string): Uint8Array | null {
  if (text.length === 0 || text.length % 2 === 1) return null;
  const bytes = new Uint8Array(text.length / 2);
  for (let i = 0; i < bytes.length; i++) {
    const high = digitOf(HEX_DIGITS, text.charCodeAt(2 * i));
    const low = digitOf(HEX_DIGITS, text.charCodeAt(2 * i + 1));
    if (high < 0 || low < 0) return null;
    bytes[i] = (high << 4) | low;
  }
  return bytes;
}

/** Decodes base64 (standard or URL-safe alphabet, padding optional); null when it is not. */
export function decodeBase64(text: string): Uint8Array | null {
  let end = text.length;
  // At most two `=` of padding, and only at the end.
  if (end > 0 && text.charCodeAt(end - 1) === 61) end -= 1;
  if (end > 0 && text.charCodeAt(end - 1) === 61) end -= 1;
  // A length of 4n + 1 characters cannot be base64.
  if (end === 0 || end % 4 === 1) return null;
  const bytes = new Uint8Array(Math.floor((end * 3) / 4));
  let bits = 0;
  let count = 0;
  let written = 0;
  for (let i = 0; i < end; i++) {
    const digit = digitOf(BASE64_DIGITS, text.charCodeAt(i));
    if (digit < 0) return null;
    bits = ((bits << 6) | digit) & 0xffff;
    count += 6;
    if (count >= 8) {
      count -= 8;
      bytes[written] = (bits >> count) & 0xff;
      written += 1;
    }
  }
  return bytes;
}

/** Standard base64 (with padding) of `bytes`. */
export function encodeBase64(bytes: Uint8Array): string {
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

// Each byte's two hex digits, looked up rather than formatted: digests are encoded on every post.
const HEX_OF_BYTE: readonly string[] = Array.from({ length: 256 }, (_, byte) =>
  byte.toString(16).padStart(2, "0"),
);

/** Lowercase hex of `bytes`. */
export function encodeHex(bytes: Uint8Array): string {
  let hex = "";
  for (const byte of bytes) hex += HEX_OF_BYTE[byte];
  return hex;
}

/** The SHA-256 digest of bytes or a string (as UTF-8), in lowercase hex. */
export async function sha256Hex(data: Uint8Array | string): Promise<string> {
  const bytes = typeof data === "string" ? encodeUtf8(data) : data;
  return encodeHex(new Uint8Array(await crypto.subtle.digest("SHA-256", bytes)));
}
