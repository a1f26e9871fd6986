// The registry of presets: one module per sender format, one line each here.
import type { PresetName } from "../config/schema.ts";
import { formPreset } from "./presets/form.ts";
import { jsonPreset } from "./presets/json.ts";
import type { Preset } from "./types.ts";

const PRESETS: Partial<Record<PresetName, Preset>> = {
  form: formPreset,
  json: jsonPreset,
};

/** The preset called `name`, if this build has it. */
export function findPreset(name: PresetName): Preset | undefined {
  return PRESETS[name];
}
