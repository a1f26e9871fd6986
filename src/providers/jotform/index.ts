// Jotform: its payload reader, registered as `jotform`; it has no signing rule of its own.
import type { Provider } from "../types.ts";
import { jotformExample } from "./example.ts";
import { jotformPreset } from "./extract.ts";

/** Jotform, as the registry lists it. */
export const jotform = { preset: jotformPreset, example: jotformExample } satisfies Provider;
