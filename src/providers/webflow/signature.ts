// Webflow: `x-webflow-signature: <hex of HMAC-SHA256(secret, timestamp + ":" + raw body)>`
// with `x-webflow-timestamp` in milliseconds, refused when older than 5 minutes.
// https://developers.webflow.com/data/docs/working-with-webhooks (Validating request
// signatures). Only webhooks created through the API (OAuth app) are signed.

import { type HmacRule, verifyHmacSignature } from "../../authenticate/schemes/hmac.ts";
import type { AuthCheck, SchemeInput } from "../../authenticate/types.ts";

const WEBFLOW: HmacRule = {
  algorithm: "sha256",
  header: "x-webflow-signature",
  encoding: "hex",
  prefix: "",
  signed: "timestamp.body",
  timestamp_header: "x-webflow-timestamp",
  timestamp_unit: "ms",
  separator: ":",
};

/** Checks a Webflow delivery's signature and timestamp. */
export function verifyWebflowSignature(input: SchemeInput): Promise<AuthCheck> {
  return verifyHmacSignature(WEBFLOW, input);
}
