// Standard Webhooks: its payload reader and its signing rule, registered as `standard_webhooks`.
import type { Provider } from "../types.ts";
import { standardWebhooksExample } from "./example.ts";
import { standardWebhooksPreset } from "./extract.ts";
import { verifyStandardWebhooksSignature } from "./signature.ts";

/** Standard Webhooks, as the registry lists it. */
export const standardWebhooks = {
  preset: standardWebhooksPreset,
  signature: verifyStandardWebhooksSignature,
  example: standardWebhooksExample,
} satisfies Provider;
