// Standard Webhooks: `webhook-id`, `webhook-timestamp` (seconds) and `webhook-signature`, a
// space-separated list of `v1,<base64 of HMAC-SHA256(key, id + "." + timestamp + "." + raw
// body)>`; the key is the base64-decoded secret after its `whsec_` prefix.
// https://github.com/standard-webhooks/standard-webhooks/blob/main/spec/standard-webhooks.md
import { concatBytes, decodeBase64 } from "../../authenticate/bytes.ts";
import { importHmacKey, verifyAnyHmac } from "../../authenticate/hmac.ts";
import { checkTimestamp } from "../../authenticate/timestamp.ts";
import { ACCEPTED, type AuthCheck, refuse, type SchemeInput } from "../../authenticate/types.ts";

const SECRET_PREFIX = "whsec_";

/** The signing key of a Standard Webhooks secret (`whsec_<base64>`, the prefix optional). */
export function decodeStandardWebhooksSecret(secret: string): Uint8Array | null {
  const encoded = secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret;
  const key = decodeBase64(encoded);
  return key !== null && key.length > 0 ? key : null;
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
  const signed = concatBytes(`${id}.${timestamp}.`, request.body);
  if (!(await verifyAnyHmac(key, signatures, signed)))
    return refuse("webhook-signature does not match");
  return ACCEPTED;
}
