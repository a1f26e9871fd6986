// Calendly: its payload reader and its signing rule, registered as `calendly`.
import type { Provider } from "../types.ts";
import { calendlyExample } from "./example.ts";
import { calendlyPreset } from "./extract.ts";
import { verifyCalendlySignature } from "./signature.ts";

/** Calendly, as the registry lists it. */
export const calendly = {
  preset: calendlyPreset,
  signature: verifyCalendlySignature,
  example: calendlyExample,
} satisfies Provider;
