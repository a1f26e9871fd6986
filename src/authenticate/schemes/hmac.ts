// The generic HMAC rule (`auth = { type = "hmac", ... }`), which also describes the senders
// whose signature is a plain HMAC in one header: a digest in hex or base64 behind an optional
// prefix, over the raw body or over `<timestamp><separator><raw body>`.
import * as z from "../../zod.ts";
import { concatBytes, decodeBase64, decodeHex } from "../bytes.ts";
import { HeaderName } from "../header-name.ts";
import { importHmacKey, verifyHmac } from "../hmac.ts";
import { checkTimestamp } from "../timestamp.ts";
import { ACCEPTED, type AuthCheck, refuse, type SchemeInput } from "../types.ts";

/** The options of the rule, as `auth = { type = "hmac", ... }` sets them (besides its secret). */
export const HMAC_RULE_OPTIONS = {
  algorithm: z._default(z.enum(["sha1", "sha256", "sha512"]), "sha256"),
  header: HeaderName,
  encoding: z._default(z.enum(["hex", "base64"]), "hex"),
  /** Text before the signature in the header, such as `sha256=`. */
  prefix: z._default(z.string(), ""),
  /** What is signed: the raw body, or `<timestamp><separator><raw body>`. */
  signed: z._default(z.enum(["body", "timestamp.body"]), "body"),
  timestamp_header: z.optional(HeaderName),
  timestamp_unit: z._default(z.enum(["s", "ms"]), "s"),
  separator: z._default(z.string(), "."),
};

/** How a sender signs: the generic `hmac` settings, without the secret and the tolerance. */
export const HmacRule = z.strictObject(HMAC_RULE_OPTIONS);
export type HmacRule = z.infer<typeof HmacRule>;

/** The rule's own consistency: a signed timestamp needs the header it comes in. */
export const checkTimestampHeader = z.refine<Pick<HmacRule, "signed" | "timestamp_header">>(
  (rule) => rule.signed === "body" || rule.timestamp_header !== undefined,
  { message: 'signed = "timestamp.body" needs timestamp_header', path: ["timestamp_header"] },
);

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
