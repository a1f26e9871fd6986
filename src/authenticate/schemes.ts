// The registry of fixed signature schemes: one module per sender's signing rule, one line
// each here. `auth = { type = "<name>" }` (or a preset's default) picks one.
import { verifyCalComSignature } from "./schemes/cal-com.ts";
import { verifyCalendlySignature } from "./schemes/calendly.ts";
import { verifyFramerSignature } from "./schemes/framer.ts";
import { verifyHubSpotSignature } from "./schemes/hubspot.ts";
import { verifyStandardWebhooksSignature } from "./schemes/standard-webhooks.ts";
import { verifyTallySignature } from "./schemes/tally.ts";
import { verifyTypeformSignature } from "./schemes/typeform.ts";
import { verifyWebflowSignature } from "./schemes/webflow.ts";
import type { SignatureScheme } from "./types.ts";

/** Each named scheme's check; its key is the name `auth.type` and presets use. */
export const SIGNATURE_SCHEMES = {
  typeform: verifyTypeformSignature,
  tally: verifyTallySignature,
  webflow: verifyWebflowSignature,
  calendly: verifyCalendlySignature,
  cal_com: verifyCalComSignature,
  framer: verifyFramerSignature,
  hubspot: verifyHubSpotSignature,
  standard_webhooks: verifyStandardWebhooksSignature,
} satisfies Record<string, SignatureScheme>;

/** The name of a fixed signature scheme: `typeform`, `cal_com`, ... */
export type SignatureSchemeName = keyof typeof SIGNATURE_SCHEMES;
