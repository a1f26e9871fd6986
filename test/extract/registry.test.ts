import { describe, expect, it } from "vitest";
import { PresetName } from "../../src/config/schema.ts";
import { findPreset } from "../../src/extract/presets.ts";

describe("the preset registry", () => {
  it.each(PresetName.options)("has a preset for %s, named like its key", (name) => {
    const preset = findPreset(name);
    expect(preset?.name).toBe(name);
    expect(preset?.contactHint).not.toBe("");
  });
});
