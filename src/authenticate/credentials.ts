// Shared-secret credentials for senders that cannot sign (Zapier, Make, Jotform, scripts): a
// bearer token (`Authorization: Bearer`, `X-Bridge-Token`, or `?token=` where allowed) or
// HTTP Basic. Every comparison is constant-time (compare.ts).
import { decodeBase64 } from "./bytes.ts";
import { equalSecrets } from "./compare.ts";
import { ACCEPTED, type AuthCheck, refuse, type SignedRequest } from "./types.ts";

const BEARER = /^Bearer\s+(\S+)\s*$/i;
const BASIC = /^Basic\s+(\S+)\s*$/i;
const decoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/** The token of an `Authorization: Bearer <token>` header, or null. */
export function readBearerToken(header: string | null): string | null {
  return BEARER.exec(header ?? "")?.[1] ?? null;
}

/** Checks a bearer token; `?token=` counts only when the source allows it (`query = true`). */
export async function verifyToken(
  request: SignedRequest,
  secret: string,
  allowQuery: boolean,
): Promise<AuthCheck> {
  const presented = [
    readBearerToken(request.headers.get("Authorization")),
    request.headers.get("X-Bridge-Token")?.trim() || null,
    allowQuery ? new URL(request.url).searchParams.get("token") : null,
  ].filter((token): token is string => token !== null && token !== "");
  if (presented.length === 0) return refuse("no token presented");
  // Every presented token is compared, so the time taken does not tell which one matched.
  const matches = presented.map((token) => equalSecrets(token, secret));
  return matches.includes(true) ? ACCEPTED : refuse("token does not match");
}

/** Checks HTTP Basic credentials against a secret holding `user:password`. */
export async function verifyBasicAuth(request: SignedRequest, secret: string): Promise<AuthCheck> {
  const encoded = BASIC.exec(request.headers.get("Authorization") ?? "")?.[1];
  if (encoded === undefined) return refuse("no Basic credentials presented");
  const bytes = decodeBase64(encoded);
  if (bytes === null) return refuse("Basic credentials are not base64");
  let credentials: string;
  try {
    credentials = decoder.decode(bytes);
  } catch {
    return refuse("Basic credentials are not UTF-8");
  }
  return equalSecrets(credentials, secret) ? ACCEPTED : refuse("Basic credentials do not match");
}
