// Close's API-key authentication: HTTP Basic with the key as user name and an empty
// password (`curl -u KEY:`), or `Authorization: Bearer KEY` as OAuth clients send it.

/**
 * Returns the API key the `Authorization` header presents when it is one of `acceptedKeys`,
 * else null.
 *
 * @example findApiKey(`Basic ${btoa("api_x:")}`, ["api_x"]) // "api_x"
 */
export function findApiKey(header: string | undefined, acceptedKeys: string[]): string | null {
  const presented = readPresentedKey(header);
  if (presented === null) return null;
  return acceptedKeys.find((key) => equalsInConstantTime(key, presented)) ?? null;
}

/** Extracts the key from a Basic (user, empty password) or Bearer header. */
function readPresentedKey(header: string | undefined): string | null {
  if (!header) return null;
  const [scheme, credentials] = header.trim().split(/\s+/, 2);
  if (!credentials) return null;
  if (scheme?.toLowerCase() === "bearer") return credentials;
  if (scheme?.toLowerCase() !== "basic") return null;
  let decoded: string;
  try {
    decoded = atob(credentials);
  } catch {
    // Not base64: the header is malformed, which is the same as presenting no key.
    return null;
  }
  const separator = decoded.indexOf(":");
  if (separator < 0) return null;
  // Close documents the password as empty; a non-empty one is not the documented form.
  if (decoded.slice(separator + 1) !== "") return null;
  return decoded.slice(0, separator);
}

/** Compares two keys without leaking, through timing, how much of them matched. */
function equalsInConstantTime(expected: string, presented: string): boolean {
  const encoder = new TextEncoder();
  const a = encoder.encode(expected);
  const b = encoder.encode(presented);
  if (a.byteLength !== b.byteLength) return false;
  return crypto.subtle.timingSafeEqual(a, b);
}
