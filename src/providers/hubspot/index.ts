// HubSpot: its payload reader and its signing rule, registered as `hubspot`.
import type { Provider } from "../types.ts";
import { hubspotExample } from "./example.ts";
import { hubspotPreset } from "./extract.ts";
import { verifyHubSpotSignature } from "./signature.ts";

/** HubSpot, as the registry lists it. */
export const hubspot = {
  preset: hubspotPreset,
  signature: verifyHubSpotSignature,
  example: hubspotExample,
} satisfies Provider;
