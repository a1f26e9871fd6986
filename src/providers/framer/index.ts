// Framer: its payload reader and its signing rule, registered as `framer`.
import type { Provider } from "../types.ts";
import { framerExample } from "./example.ts";
import { framerPreset } from "./extract.ts";
import { verifyFramerSignature } from "./signature.ts";

/** Framer, as the registry lists it. */
export const framer = {
  preset: framerPreset,
  signature: verifyFramerSignature,
  example: framerExample,
} satisfies Provider;
