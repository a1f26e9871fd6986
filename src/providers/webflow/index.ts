// Webflow: its payload reader and its signing rule, registered as `webflow`.
import type { Provider } from "../types.ts";
import { webflowExample } from "./example.ts";
import { webflowPreset } from "./extract.ts";
import { verifyWebflowSignature } from "./signature.ts";

/** Webflow, as the registry lists it. */
export const webflow = {
  preset: webflowPreset,
  signature: verifyWebflowSignature,
  example: webflowExample,
} satisfies Provider;
