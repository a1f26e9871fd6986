// Cal.com: `X-Cal-Signature-256: <hex of HMAC-SHA256(secret, raw body)>`, no prefix and no
// timestamp. https://cal.com/docs/developing/guides/automation/webhooks, and the sender
// itself: calcom/cal.com packages/features/webhooks/lib/sendPayload.ts
// (createHmac("sha256", secretKey).update(body).digest("hex")).

import { type HmacRule, verifyHmacSignature } from "../../authenticate/schemes/hmac.ts";
import type { AuthCheck, SchemeInput } from "../../authenticate/types.ts";

const CAL_COM: HmacRule = {
  algorithm: "sha256",
  header: "X-Cal-Signature-256",
  encoding: "hex",
  prefix: "",
  signed: "body",
  timestamp_unit: "s",
  separator: ".",
};

/** Checks a Cal.com delivery's signature. */
export function verifyCalComSignature(input: SchemeInput): Promise<AuthCheck> {
  return verifyHmacSignature(CAL_COM, input);
}
