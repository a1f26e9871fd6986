// Calendly: `Calendly-Webhook-Signature: t=<unix seconds>,v1=<hex of HMAC-SHA256(signing key,
// t + "." + raw body)>`. https://developer.calendly.com/api-docs/overview/webhooks/webhook-signatures
// Calendly's example tolerates 3 minutes; the source's `tolerance_s` (default 300) applies here.
import { concatBytes, decodeHex } from "../../authenticate/bytes.ts";
import { importHmacKey, verifyAnyHmac } from "../../authenticate/hmac.ts";
import { checkTimestamp } from "../../authenticate/timestamp.ts";
import { ACCEPTED, type AuthCheck, refuse, type SchemeInput } from "../../authenticate/types.ts";

const HEADER = "Calendly-Webhook-Signature";

/** Checks a Calendly delivery's signature and timestamp. */
export async function verifyCalendlySignature(input: SchemeInput): Promise<AuthCheck> {
  const { request, secret, now, toleranceS } = input;
  const header = request.headers.get(HEADER);
  if (!header) return refuse(`${HEADER} header missing`);

  let timestamp: string | null = null;
  const signatures: Uint8Array[] = [];
  for (const part of header.split(",")) {
    const at = part.indexOf("=");
    if (at < 0) return refuse(`${HEADER} is garbled`);
    const name = part.slice(0, at).trim();
    const value = part.slice(at + 1).trim();
    if (name === "t") timestamp = value;
    if (name === "v1") {
      const signature = decodeHex(value);
      if (signature === null) return refuse(`${HEADER} v1 is not hex`);
      signatures.push(signature);
    }
  }
  if (signatures.length === 0) return refuse(`${HEADER} has no v1 signature`);
  const fresh = checkTimestamp(timestamp, "s", now, toleranceS);
  if (!fresh.ok) return refuse(`${HEADER} t: ${fresh.reason}`);

  const key = await importHmacKey("sha256", secret);
  const signed = concatBytes(`${timestamp}.`, request.body);
  if (!(await verifyAnyHmac(key, signatures, signed))) return refuse(`${HEADER} does not match`);
  return ACCEPTED;
}
