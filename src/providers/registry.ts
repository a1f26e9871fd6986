// The registry of presets: one module per sender format, one line each here.
import type { SignatureSchemeName } from "../authenticate/schemes.ts";
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

/** Every preset; its key is the name a source's `preset` gives. */
export const PRESETS = {
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
} satisfies Record<string, Preset>;

/** The name of a preset: `form`, `json`, `typeform`, ... */
export type PresetName = keyof typeof PRESETS;

/** The preset called `name`. */
export function findPreset(name: PresetName): Preset {
  return PRESETS[name];
}

/** The signature scheme a preset's sender signs with: a source's `auth` when it sets none. */
export function presetSignature(name: PresetName): SignatureSchemeName | undefined {
  return (PRESETS[name] as Preset).signature;
}
