// Tally: its payload reader and its signing rule, registered as `tally`.
import type { Provider } from "../types.ts";
import { tallyExample } from "./example.ts";
import { tallyPreset } from "./extract.ts";
import { verifyTallySignature } from "./signature.ts";

/** Tally, as the registry lists it. */
export const tally = {
  preset: tallyPreset,
  signature: verifyTallySignature,
  example: tallyExample,
} satisfies Provider;
