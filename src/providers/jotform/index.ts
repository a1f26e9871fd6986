// Jotform: its payload reader, registered as `jotform`; it has no signing rule of its own.
import type { Provider } from "../types.ts";
import { jotformPreset } from "./extract.ts";

/** Jotform, as the registry lists it. */
export const jotform = { preset: jotformPreset } satisfies Provider;
