// Standard Webhooks: `webhook-id`, `webhook-timestamp` (seconds) and `webhook-signature`, a
// space-separated list of `v1,<base64 of HMAC-SHA256(key, id + "." + timestamp + "." + raw
// body)>`; the key is the base64-decoded secret after its `whsec_` prefix.
// https://github.com/standard-webhooks/standard-webhooks/blob/main/spec/standard-webhooks.md
// The bridge signs its own alert webhooks the same way (`signStandardWebhooks`).
import { concatBytes, decodeBase64, encodeBase64 } from "../../authenticate/bytes.ts";
import { importHmacKey, signHmac, verifyAnyHmac } from "../../authenticate/hmac.ts";
import { checkTimestamp } from "../../authenticate/timestamp.ts";
import { ACCEPTED, type AuthCheck, refuse, type SchemeInput } from "../../authenticate/types.ts";

const SECRET_PREFIX = "whsec_";

/** The signing key of a Standard Webhooks secret (`whsec_<base64>`, the prefix optional). */
export function decodeStandardWebhooksSecret(secret: string): Uint8Array | null {
  const encoded = secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret;
  const key = decodeBase64(encoded);
  return key !== null && key.length > 0 ? key : null;
}

/** What a Standard Webhooks signature covers: `<id>.<timestamp>.<raw body>`. */
function signedContent(id: string, timestamp: string, body: Uint8Array | string): Uint8Array {
  return concatBytes(`${id}.${timestamp}.`, body);
}

/** The headers that sign one message (`webhook-id`, `webhook-timestamp`, `webhook-signature`). */
export type StandardWebhooksHeaders = {
  "webhook-id": string;
  "webhook-timestamp": string;
  "webhook-signature": string;
};

/**
 * Signs a message as a Standard Webhooks sender: the same id on every retry of one message,
 * the time of this attempt, and `v1,<base64 of HMAC-SHA256>`. Null when the secret is not a
 * `whsec_<base64>` key.
 *
 * @example
 * const headers = await signStandardWebhooks(secret, "msg_1", body, Date.now());
 */
export async function signStandardWebhooks(
  secret: string,
  id: string,
  body: string,
  now: number,
): Promise<StandardWebhooksHeaders | null> {
  const keyBytes = decodeStandardWebhooksSecret(secret);
  if (keyBytes === null) return null;
  const timestamp = String(Math.floor(now / 1000));
  const key = await importHmacKey("sha256", keyBytes);
  const signature = await signHmac(key, signedContent(id, timestamp, body));
  return {
    "webhook-id": id,
    "webhook-timestamp": timestamp,
    "webhook-signature": `v1,${encodeBase64(signature)}`,
  };
}

/** Checks a Standard Webhooks delivery's signature and timestamp. */
export async function verifyStandardWebhooksSignature(input: SchemeInput): Promise<AuthCheck> {
  const { request, secret, now, toleranceS } = input;
  const id = request.headers.get("webhook-id")?.trim();
  if (!id) return refuse("webhook-id header missing");
  const header = request.headers.get("webhook-signature");
  if (!header) return refuse("webhook-signature header missing");
  const timestamp = request.headers.get("webhook-timestamp")?.trim() ?? null;
  const fresh = checkTimestamp(timestamp, "s", now, toleranceS);
  if (!fresh.ok) return refuse(`webhook-timestamp: ${fresh.reason}`);

  // Other versions (a future v1a, say) are skipped; at least one v1 must be present and match.
  const signatures: Uint8Array[] = [];
  for (const entry of header.trim().split(/\s+/)) {
    const [version, encoded] = entry.split(",", 2);
    if (version !== "v1" || encoded === undefined) continue;
    const signature = decodeBase64(encoded);
    if (signature !== null) signatures.push(signature);
  }
  if (signatures.length === 0) return refuse("webhook-signature has no readable v1 signature");

  const keyBytes = decodeStandardWebhooksSecret(secret);
  if (keyBytes === null) return refuse("the secret is not a whsec_<base64> key");
  const key = await importHmacKey("sha256", keyBytes);
  const signed = signedContent(id, timestamp ?? "", request.body);
  if (!(await verifyAnyHmac(key, signatures, signed)))
    return refuse("webhook-signature does not match");
  return ACCEPTED;
}
