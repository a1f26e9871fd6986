// Fillout: its payload reader, registered as `fillout`; it has no signing rule of its own.
import type { Provider } from "../types.ts";
import { filloutExample } from "./example.ts";
import { filloutPreset } from "./extract.ts";

/** Fillout, as the registry lists it. */
export const fillout = { preset: filloutPreset, example: filloutExample } satisfies Provider;
