// Constant-time comparison of shared secrets (tokens, passwords), with no digest per request:
// the presented value's bytes are compared with the secret's in constant time when their
// lengths match, and the secret with itself when they do not, so every comparison takes the
// time of one comparison of the secret's length and tells neither its value nor its length.
import { encodeUtf8 } from "./bytes.ts";

// The configured secrets are few and fixed: each one's bytes are encoded once per isolate.
const secretBytes = new Map<string, Uint8Array>();

function bytesOfSecret(secret: string): Uint8Array {
  let bytes = secretBytes.get(secret);
  if (bytes === undefined) {
    if (secretBytes.size >= 100) secretBytes.clear();
    bytes = encodeUtf8(secret);
    secretBytes.set(secret, bytes);
  }
  return bytes;
}

/** Whether `given` equals `expected`, compared in constant time; an empty `expected` never matches. */
export function equalSecrets(given: string, expected: string): boolean {
  const secret = bytesOfSecret(expected);
  const presented = encodeUtf8(given);
  // Workers-only: https://developers.cloudflare.com/workers/runtime-apis/web-crypto/#timingsafeequal
  const sameLength = presented.length === secret.length;
  const equal = crypto.subtle.timingSafeEqual(sameLength ? presented : secret, secret);
  return sameLength && equal && secret.length > 0;
}
