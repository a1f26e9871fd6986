// HMAC through WebCrypto: each key is imported once per secret per isolate (this runs on
// every request), and a signature is checked with `crypto.subtle.verify`, which compares in
// constant time, so no secret-derived bytes are ever compared with `===`.
import { encodeUtf8 } from "./bytes.ts";

/** The hash functions a signature may use. */
export type HmacAlgorithm = "sha1" | "sha256" | "sha512";

const HASH_NAMES: Record<HmacAlgorithm, string> = {
  sha1: "SHA-1",
  sha256: "SHA-256",
  sha512: "SHA-512",
};

// Keyed by algorithm, then by the secret (a byte key as one character per byte); a secret is
// named in the configuration, so each map holds one entry per configured secret at most.
const keys: Record<HmacAlgorithm, Map<string, Promise<CryptoKey>>> = {
  sha1: new Map(),
  sha256: new Map(),
  sha512: new Map(),
};

function cacheKeyOf(secret: string | Uint8Array): string {
  if (typeof secret === "string") return `t${secret}`;
  let key = "b";
  for (const byte of secret) key += String.fromCharCode(byte);
  return key;
}

/** The HMAC key for `secret` (a string is used as its UTF-8 bytes), imported once and cached. */
export function importHmacKey(
  algorithm: HmacAlgorithm,
  secret: string | Uint8Array,
): Promise<CryptoKey> {
  const cached = keys[algorithm];
  const cacheKey = cacheKeyOf(secret);
  let key = cached.get(cacheKey);
  if (key === undefined) {
    const material = typeof secret === "string" ? encodeUtf8(secret) : secret;
    key = crypto.subtle.importKey(
      "raw",
      material,
      { name: "HMAC", hash: HASH_NAMES[algorithm] },
      false,
      ["sign", "verify"],
    );
    // A failed import is not cached, so that the next request tries again.
    key.catch(() => cached.delete(cacheKey));
    cached.set(cacheKey, key);
  }
  return key;
}

/** Whether `signature` is the HMAC of `data` under `key`, compared in constant time. */
export function verifyHmac(
  key: CryptoKey,
  signature: Uint8Array,
  data: Uint8Array,
): Promise<boolean> {
  return crypto.subtle.verify("HMAC", key, signature, data);
}

/** The HMAC of `data` under `key`. */
export async function signHmac(key: CryptoKey, data: Uint8Array): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.sign("HMAC", key, data));
}

/** Whether any of `signatures` is the HMAC of `data` (each compared in constant time). */
export async function verifyAnyHmac(
  key: CryptoKey,
  signatures: Uint8Array[],
  data: Uint8Array,
): Promise<boolean> {
  const verdicts = await Promise.all(
    signatures.map((signature) => verifyHmac(key, signature, data)),
  );
  return verdicts.includes(true);
}
