// Byte helpers for signature checks: UTF-8, and hex and base64 decoding that answer null for
// anything malformed, so that a garbled header is a failed check rather than an exception.

const encoder = new TextEncoder();
const HEX = /^(?:[0-9a-fA-F]{2})+$/;
const BASE64 = /^[A-Za-z0-9+/\-_]+={0,2}$/;

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

/** Decodes hex (either case); null when `text` is not whole bytes of hex. */
export function decodeHex(text: string): Uint8Array | null {
  if (!HEX.test(text)) return null;
  const bytes = new Uint8Array(text.length / 2);
  for (let i = 0; i < bytes.length; i++)
    bytes[i] = Number.parseInt(text.slice(2 * i, 2 * i + 2), 16);
  return bytes;
}

/** Decodes base64 (standard or URL-safe alphabet, padding optional); null when it is not. */
export function decodeBase64(text: string): Uint8Array | null {
  if (!BASE64.test(text)) return null;
  const standard = text.replace(/=+$/, "").replaceAll("-", "+").replaceAll("_", "/");
  // A length of 4n + 1 characters cannot be base64; atob would throw on it.
  if (standard.length % 4 === 1) return null;
  const binary = atob(standard.padEnd(Math.ceil(standard.length / 4) * 4, "="));
  return Uint8Array.from(binary, (char) => char.charCodeAt(0));
}

/** Standard base64 (with padding) of `bytes`. */
export function encodeBase64(bytes: Uint8Array): string {
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

/** Lowercase hex of `bytes`. */
export function encodeHex(bytes: Uint8Array): string {
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join("");
}

/** The SHA-256 digest of bytes or a string (as UTF-8), in lowercase hex. */
export async function sha256Hex(data: Uint8Array | string): Promise<string> {
  const bytes = typeof data === "string" ? encodeUtf8(data) : data;
  return encodeHex(new Uint8Array(await crypto.subtle.digest("SHA-256", bytes)));
}
