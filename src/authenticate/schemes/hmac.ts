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

/**
 * Why a signature that is not `expected`'s HMAC failed, for the log: "hex given, base64
 * expected" when it is the right HMAC in the other encoding (a sender or a rule set up
 * wrongly), else that it is garbled or does not match. Runs only on a refusal.
 */
async function explainMismatch(
  key: CryptoKey,
  text: string,
  expected: "hex" | "base64",
  data: Uint8Array,
): Promise<string> {
  const other = expected === "hex" ? "base64" : "hex";
  const decoded = decodeSignature(text, other);
  if (decoded !== null && (await verifyHmac(key, decoded, data))) {
    return `does not match: ${other} given, ${expected} expected`;
  }
  return decodeSignature(text, expected) === null ? `is not ${expected}` : "does not match";
}

/** Checks a request signed by `rule` with the input's secret. */
export async function verifyHmacSignature(rule: HmacRule, input: SchemeInput): Promise<AuthCheck> {
  const { request, secret, now, toleranceS } = input;
  const header = request.headers.get(rule.header)?.trim();
  if (!header) return refuse(`${rule.header} header missing`);
  if (!header.startsWith(rule.prefix))
    return refuse(`${rule.header} lacks its "${rule.prefix}" prefix`);
  const text = header.slice(rule.prefix.length).trim();

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
  const signature = decodeSignature(text, rule.encoding);
  if (signature !== null && (await verifyHmac(key, signature, signed))) return ACCEPTED;
  return refuse(`${rule.header} ${await explainMismatch(key, text, rule.encoding, signed)}`);
}
