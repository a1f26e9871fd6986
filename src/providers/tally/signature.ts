// Tally: `Tally-Signature: <base64 of HMAC-SHA256(signing secret, payload)>`, no prefix and no
// timestamp. https://tally.so/help/webhooks ("Add a signing secret"): its Express example
// digests JSON.stringify(req.body) to base64; Tally sends that compact JSON as the body, so
// the raw body is what was signed, and we check the raw bytes, never a re-serialization.
// (The base64 encoding was "unconfirmed" in providers.md; Tally's own example settles it.)

import { type HmacRule, verifyHmacSignature } from "../../authenticate/schemes/hmac.ts";
import type { AuthCheck, SchemeInput } from "../../authenticate/types.ts";

const TALLY: HmacRule = {
  algorithm: "sha256",
  header: "Tally-Signature",
  encoding: "base64",
  prefix: "",
  signed: "body",
  timestamp_unit: "s",
  separator: ".",
};

/** Checks a Tally delivery's signature. */
export function verifyTallySignature(input: SchemeInput): Promise<AuthCheck> {
  return verifyHmacSignature(TALLY, input);
}
