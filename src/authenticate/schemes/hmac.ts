// The generic HMAC rule (`auth = { type = "hmac", ... }`), which also describes the senders
// whose signature is a plain HMAC in one header: a digest in hex or base64 behind an optional
// prefix, over the raw body or over `<timestamp><separator><raw body>`.
import type { AuthConfig } from "../../config/schema.ts";
import { concatBytes, decodeBase64, decodeHex } from "../bytes.ts";
import { importHmacKey, verifyHmac } from "../hmac.ts";
import { checkTimestamp } from "../timestamp.ts";
import { ACCEPTED, type AuthCheck, refuse, type SchemeInput } from "../types.ts";

/** How a sender signs: the generic `hmac` settings, without the secret and the tolerance. */
export type HmacRule = Omit<
  Extract<AuthConfig, { type: "hmac" }>,
  "type" | "secret" | "tolerance_s"
>;

/** Decodes a signature in `encoding`; null when it is garbled. */
export function decodeSignature(text: string, encoding: "hex" | "base64"): Uint8Array | null {
  return encoding === "hex" ? decodeHex(text) : decodeBase64(text);
}

/** Checks a request signed by `rule` with the input's secret. */
export async function verifyHmacSignature(rule: HmacRule, input: SchemeInput): Promise<AuthCheck> {
  const { request, secret, now, toleranceS } = input;
  const header = request.headers.get(rule.header)?.trim();
  if (!header) return refuse(`${rule.header} header missing`);
  if (!header.startsWith(rule.prefix))
    return refuse(`${rule.header} lacks its "${rule.prefix}" prefix`);
  const signature = decodeSignature(header.slice(rule.prefix.length).trim(), rule.encoding);
  if (signature === null) return refuse(`${rule.header} is not ${rule.encoding}`);

  let signed = request.body;
  if (rule.signed === "timestamp.body") {
    // The schema requires timestamp_header whenever the timestamp is signed.
    const timestampHeader = rule.timestamp_header ?? "";
    const timestamp = request.headers.get(timestampHeader)?.trim() ?? null;
    const fresh = checkTimestamp(timestamp, rule.timestamp_unit, now, toleranceS);
    if (!fresh.ok) return refuse(`${timestampHeader}: ${fresh.reason}`);
    signed = concatBytes(timestamp ?? "", rule.separator, request.body);
  }

  const key = await importHmacKey(rule.algorithm, secret);
  if (!(await verifyHmac(key, signature, signed))) return refuse(`${rule.header} does not match`);
  return ACCEPTED;
}
