// Typeform: `Typeform-Signature: sha256=<base64 of HMAC-SHA256(secret, raw body)>`.
// Confirmed against https://www.typeform.com/developers/webhooks/secure-your-webhooks/
// (the Ruby and Node examples: "sha256=" + base64 of the binary digest of the whole payload).

import { type HmacRule, verifyHmacSignature } from "../../authenticate/schemes/hmac.ts";
import type { AuthCheck, SchemeInput } from "../../authenticate/types.ts";

const TYPEFORM: HmacRule = {
  algorithm: "sha256",
  header: "Typeform-Signature",
  encoding: "base64",
  prefix: "sha256=",
  signed: "body",
  timestamp_unit: "s",
  separator: ".",
};

/** Checks a Typeform delivery's signature. */
export function verifyTypeformSignature(input: SchemeInput): Promise<AuthCheck> {
  return verifyHmacSignature(TYPEFORM, input);
}
