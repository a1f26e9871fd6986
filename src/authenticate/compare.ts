// Constant-time comparison of shared secrets (tokens, passwords): both sides are hashed first,
// so the comparison always runs over two equal-length digests and leaks neither the value
// nor the length of the secret.
import { encodeUtf8 } from "./bytes.ts";

async function digestOf(text: string): Promise<ArrayBuffer> {
  return crypto.subtle.digest("SHA-256", encodeUtf8(text));
}

// The configured secrets are few and fixed: each one's digest is computed once per isolate.
const secretDigests = new Map<string, Promise<ArrayBuffer>>();

function secretDigestOf(secret: string): Promise<ArrayBuffer> {
  let digest = secretDigests.get(secret);
  if (digest === undefined) {
    if (secretDigests.size >= 100) secretDigests.clear();
    digest = digestOf(secret);
    secretDigests.set(secret, digest);
  }
  return digest;
}

/** Whether `given` equals `expected`, compared in constant time; an empty `expected` never matches. */
export async function equalSecrets(given: string, expected: string): Promise<boolean> {
  const [a, b] = await Promise.all([digestOf(given), secretDigestOf(expected)]);
  // Workers-only: https://developers.cloudflare.com/workers/runtime-apis/web-crypto/#timingsafeequal
  const equal = crypto.subtle.timingSafeEqual(a, b);
  return equal && expected.length > 0;
}
