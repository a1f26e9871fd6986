import { describe, expect, it } from "vitest";
import { SIGNATURE_SCHEMES } from "../../src/authenticate/schemes.ts";
import { PresetName, SignatureSchemeName } from "../../src/config/schema.ts";
import { findPreset, PRESETS, presetSignature } from "../../src/extract/presets.ts";

describe("the preset registry", () => {
  it.each(PresetName.options)("has a preset for %s, named like its key", (name) => {
    const preset = findPreset(name);
    expect(preset.name).toBe(name);
    expect(preset.contactHint).not.toBe("");
  });

  it("is where the configuration's preset and scheme names come from", () => {
    expect(PresetName.options).toEqual(Object.keys(PRESETS));
    expect(SignatureSchemeName.options).toEqual(Object.keys(SIGNATURE_SCHEMES));
  });

  it("gives each signing sender's preset its scheme, and the others none", () => {
    const signing = PresetName.options.filter((name) => presetSignature(name) !== undefined);
    expect(signing.map((name) => [name, presetSignature(name)])).toEqual([
      ["typeform", "typeform"],
      ["tally", "tally"],
      ["webflow", "webflow"],
      ["framer", "framer"],
      ["calendly", "calendly"],
      ["cal_com", "cal_com"],
      ["hubspot", "hubspot"],
      ["standard_webhooks", "standard_webhooks"],
    ]);
  });
});
