// HubSpot v3: `X-HubSpot-Signature-v3: <base64 of HMAC-SHA256(client secret, method + URI +
// raw body + timestamp)>` with `X-HubSpot-Request-Timestamp` in milliseconds, refused when
// older than 5 minutes. The URI is the full request URL with the characters HubSpot lists
// decoded (the `?` that starts the query string stays as it is).
// https://developers.hubspot.com/docs/apps/developer-platform/build-apps/authentication/request-validation
import { concatBytes, decodeBase64 } from "../../authenticate/bytes.ts";
import { importHmacKey, verifyHmac } from "../../authenticate/hmac.ts";
import { checkTimestamp } from "../../authenticate/timestamp.ts";
import { ACCEPTED, type AuthCheck, refuse, type SchemeInput } from "../../authenticate/types.ts";

const SIGNATURE_HEADER = "X-HubSpot-Signature-v3";
const TIMESTAMP_HEADER = "X-HubSpot-Request-Timestamp";

// HubSpot's table of URL-encoded characters to decode before signing; nothing else is decoded.
const DECODED: Record<string, string> = {
  "%3A": ":",
  "%2F": "/",
  "%3F": "?",
  "%40": "@",
  "%21": "!",
  "%24": "$",
  "%27": "'",
  "%28": "(",
  "%29": ")",
  "%2A": "*",
  "%2C": ",",
  "%3B": ";",
};

const ENCODED = new RegExp(Object.keys(DECODED).join("|"), "gi");

/** The request URI as HubSpot signs it: the characters of HubSpot's table decoded. */
export function decodeHubSpotUri(url: string): string {
  return url.replace(ENCODED, (code) => DECODED[code.toUpperCase()] ?? code);
}

/** Checks a HubSpot v3 request signature and timestamp. */
export async function verifyHubSpotSignature(input: SchemeInput): Promise<AuthCheck> {
  const { request, secret, now, toleranceS } = input;
  const header = request.headers.get(SIGNATURE_HEADER)?.trim();
  if (!header) return refuse(`${SIGNATURE_HEADER} header missing`);
  const signature = decodeBase64(header);
  if (signature === null) return refuse(`${SIGNATURE_HEADER} is not base64`);
  const timestamp = request.headers.get(TIMESTAMP_HEADER)?.trim() ?? null;
  const fresh = checkTimestamp(timestamp, "ms", now, toleranceS);
  if (!fresh.ok) return refuse(`${TIMESTAMP_HEADER}: ${fresh.reason}`);

  const key = await importHmacKey("sha256", secret);
  const signed = concatBytes(
    request.method.toUpperCase(),
    decodeHubSpotUri(request.url),
    request.body,
    timestamp ?? "",
  );
  if (!(await verifyHmac(key, signature, signed)))
    return refuse(`${SIGNATURE_HEADER} does not match`);
  return ACCEPTED;
}
