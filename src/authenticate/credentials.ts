// Shared-secret credentials for senders that cannot sign (Zapier, Make, Jotform, scripts): a
// token (`Authorization: Bearer`, `X-Bridge-Token`, a header the source names such as
// `X-Api-Key`, or `?token=` where allowed) or HTTP Basic. Every comparison is constant-time (compare.ts).
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

/** Where a source takes its token from. */
export type TokenPlaces = {
  /** Also `?token=<t>`, for senders that can only set a URL. */
  query: boolean;
  /** One header carrying the token as is (`X-Api-Key`), instead of the default headers. */
  header?: string | undefined;
};

/** The tokens a request presents in the places the source reads. */
function presentedTokens(request: SignedRequest, places: TokenPlaces): string[] {
  const fromHeaders =
    places.header === undefined
      ? [
          readBearerToken(request.headers.get("Authorization")),
          request.headers.get("X-Bridge-Token")?.trim() || null,
        ]
      : places.header.toLowerCase() === "authorization"
        ? [readBearerToken(request.headers.get("Authorization"))]
        : [request.headers.get(places.header)?.trim() || null];
  const fromQuery = places.query ? new URL(request.url).searchParams.get("token") : null;
  return [...fromHeaders, fromQuery].filter(
    (token): token is string => token !== null && token !== "",
  );
}

/**
 * Checks a token: by default `Authorization: Bearer` or `X-Bridge-Token`, or only the header the
 * source names; `?token=` counts only when the source allows it (`query = true`).
 */
export async function verifyToken(
  request: SignedRequest,
  secret: string,
  places: TokenPlaces,
): Promise<AuthCheck> {
  const presented = presentedTokens(request, places);
  if (presented.length === 0) {
    return refuse(places.header ? `no token presented in ${places.header}` : "no token presented");
  }
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
