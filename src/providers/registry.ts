// The registry of presets and signature schemes: the generic presets (`form`, `json`) and one
// line per provider folder. A provider's key names both its preset and its signing rule.
import type { SignatureScheme } from "../authenticate/types.ts";
import { formPreset } from "../extract/presets/form.ts";
import { jsonPreset } from "../extract/presets/json.ts";
import type { Preset } from "../extract/types.ts";
import { calCom } from "./cal-com/index.ts";
import { calendly } from "./calendly/index.ts";
import { fillout } from "./fillout/index.ts";
import { framer } from "./framer/index.ts";
import { hubspot } from "./hubspot/index.ts";
import { jotform } from "./jotform/index.ts";
import { standardWebhooks } from "./standard-webhooks/index.ts";
import { tally } from "./tally/index.ts";
import { typeform } from "./typeform/index.ts";
import type { SenderExample } from "./types.ts";
import { webflow } from "./webflow/index.ts";

/** Every provider; its key is the name a source's `preset` (and `auth.type`) gives. */
export const PROVIDERS = {
  typeform,
  tally,
  webflow,
  jotform,
  fillout,
  framer,
  calendly,
  cal_com: calCom,
  hubspot,
  standard_webhooks: standardWebhooks,
};

type Providers = typeof PROVIDERS;

/** The name of a preset: `form`, `json`, `typeform`, ... */
export type PresetName = "form" | "json" | keyof Providers;

/** The name of a fixed signature scheme: a provider that signs in its own way. */
export type SignatureSchemeName = {
  [Name in keyof Providers]: Providers[Name] extends { signature: SignatureScheme } ? Name : never;
}[keyof Providers];

/** Every preset, by the name a source's `preset` gives. */
export const PRESETS: Readonly<Record<PresetName, Preset>> = {
  form: formPreset,
  json: jsonPreset,
  ...(Object.fromEntries(
    Object.entries(PROVIDERS).map(([name, provider]) => [name, provider.preset]),
  ) as Record<keyof Providers, Preset>),
};

/** Each named scheme's check; its key is the name `auth.type` and presets use. */
export const SIGNATURE_SCHEMES: Readonly<Record<SignatureSchemeName, SignatureScheme>> =
  Object.fromEntries(
    Object.entries(PROVIDERS).flatMap(([name, provider]) =>
      "signature" in provider ? [[name, provider.signature]] : [],
    ),
  ) as Record<SignatureSchemeName, SignatureScheme>;

/** The preset called `name`. */
export function findPreset(name: PresetName): Preset {
  return PRESETS[name];
}

/** The signature scheme a preset's sender signs with: a source's `auth` when it sets none. */
export function presetSignature(name: PresetName): SignatureSchemeName | undefined {
  return name in SIGNATURE_SCHEMES ? (name as SignatureSchemeName) : undefined;
}

/** An example delivery of each preset, for trying a source (the console's Try it panel). */
export const PRESET_EXAMPLES: Readonly<Record<PresetName, SenderExample>> = {
  // A browser form posts its fields URL-encoded; the names are the ones recognised unmapped.
  form: {
    contentType: "application/x-www-form-urlencoded",
    body: "name=Ada+Lovelace&email=ada%40analytical.example&company=Analytical+Engines&message=A+demo%2C+please.&utm_source=newsletter",
  },
  json: {
    contentType: "application/json",
    body: JSON.stringify(
      {
        full_name: "Grace Hopper",
        email: "grace@navy.example",
        phone: "+1 202 555 0175",
        company: "US Navy",
        notes: "Wants a call about COBOL tooling.",
      },
      null,
      2,
    ),
  },
  ...(Object.fromEntries(
    Object.entries(PROVIDERS).map(([name, provider]) => [name, provider.example]),
  ) as Record<keyof Providers, SenderExample>),
};
