// Typeform: its payload reader and its signing rule, registered as `typeform`.
import type { Provider } from "../types.ts";
import { typeformExample } from "./example.ts";
import { typeformPreset } from "./extract.ts";
import { verifyTypeformSignature } from "./signature.ts";

/** Typeform, as the registry lists it. */
export const typeform = {
  preset: typeformPreset,
  signature: verifyTypeformSignature,
  example: typeformExample,
} satisfies Provider;
