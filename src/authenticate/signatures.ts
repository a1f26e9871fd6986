// Who sent a submission: the source's auth scheme checked over the request as received (raw
// body bytes), with constant-time comparisons and replay windows. The fixed schemes live in
// each provider's folder, registered in providers/registry.ts.
import type { AuthConfig } from "../config/schema.ts";
import { SIGNATURE_SCHEMES } from "../providers/registry.ts";
import { verifyBasicAuth, verifyToken } from "./credentials.ts";
import { verifyHmacSignature } from "./schemes/hmac.ts";
import { ACCEPTED, type AuthCheck, refuse, type SignedRequest } from "./types.ts";

export type { AuthCheck, SignedRequest } from "./types.ts";

/**
 * Checks `request` against the source's `auth`; `secrets` reads a Worker secret by name and
 * `now` is ms since the epoch. The verdict's reason is for logs only.
 *
 * @example
 * const check = await verifyRequest(source.auth, request, (name) => env[name], Date.now());
 * if (!check.ok) throw new BridgeError("unauthorized", "Missing or invalid credentials.");
 */
export async function verifyRequest(
  auth: AuthConfig,
  request: SignedRequest,
  secrets: (name: string) => string,
  now: number,
): Promise<AuthCheck> {
  if (auth.type === "none") return ACCEPTED;
  const secret = secrets(auth.secret);
  // An unset or empty secret must refuse everything: an empty HMAC key is anyone's key.
  if (!secret) return refuse(`the secret ${auth.secret} is empty`);
  switch (auth.type) {
    case "token":
      return verifyToken(request, secret, { query: auth.query, header: auth.header });
    case "basic":
      return verifyBasicAuth(request, secret);
    case "hmac":
      return verifyHmacSignature(auth, { request, secret, now, toleranceS: auth.tolerance_s });
    default:
      return SIGNATURE_SCHEMES[auth.type]({ request, secret, now, toleranceS: auth.tolerance_s });
  }
}
