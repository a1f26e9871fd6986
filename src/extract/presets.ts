// The registry of presets: one module per sender format, one line each here.
import type { PresetName } from "../config/schema.ts";
import { calComPreset } from "./presets/cal-com.ts";
import { calendlyPreset } from "./presets/calendly.ts";
import { filloutPreset } from "./presets/fillout.ts";
import { formPreset } from "./presets/form.ts";
import { framerPreset } from "./presets/framer.ts";
import { hubspotPreset } from "./presets/hubspot.ts";
import { jotformPreset } from "./presets/jotform.ts";
import { jsonPreset } from "./presets/json.ts";
import { standardWebhooksPreset } from "./presets/standard-webhooks.ts";
import { tallyPreset } from "./presets/tally.ts";
import { typeformPreset } from "./presets/typeform.ts";
import { webflowPreset } from "./presets/webflow.ts";
import type { Preset } from "./types.ts";

const PRESETS: Record<PresetName, Preset> = {
  form: formPreset,
  json: jsonPreset,
  typeform: typeformPreset,
  tally: tallyPreset,
  webflow: webflowPreset,
  jotform: jotformPreset,
  fillout: filloutPreset,
  framer: framerPreset,
  calendly: calendlyPreset,
  cal_com: calComPreset,
  hubspot: hubspotPreset,
  standard_webhooks: standardWebhooksPreset,
};

/** The preset called `name`, if this build has it. */
export function findPreset(name: PresetName): Preset | undefined {
  return PRESETS[name];
}
