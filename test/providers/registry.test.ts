import { describe, expect, it } from "vitest";
import { parseConfig } from "../../src/config/load.ts";
import { PresetName } from "../../src/config/schema.ts";
import { findPreset } from "../../src/providers/registry.ts";

const EVERY_PRESET = [
  "form",
  "json",
  "typeform",
  "tally",
  "webflow",
  "jotform",
  "fillout",
  "framer",
  "calendly",
  "cal_com",
  "hubspot",
  "standard_webhooks",
];

const SIGNING_PROVIDERS = [
  "typeform",
  "tally",
  "webflow",
  "framer",
  "calendly",
  "cal_com",
  "hubspot",
  "standard_webhooks",
];

/** The configuration of one source called `probe` with `options`. */
function configure(options: Record<string, unknown>) {
  return parseConfig({ SOURCES: { probe: options } });
}

describe("the provider registry", () => {
  it("offers exactly the documented presets to the configuration", () => {
    expect([...PresetName.options].sort()).toEqual([...EVERY_PRESET].sort());
  });

  it.each(EVERY_PRESET)("has a preset for %s, named like its key, with a contact hint", (name) => {
    const preset = findPreset(name as (typeof PresetName.options)[number]);
    expect(preset.name).toBe(name);
    expect(preset.contactHint).not.toBe("");
  });

  it("refuses a preset that no provider registers", () => {
    const result = configure({ preset: "wufoo", allow_unprotected: true });
    expect(result).toMatchObject({ ok: false, problems: [{ source: "probe", field: "preset" }] });
  });

  it.each(SIGNING_PROVIDERS)(
    "a %s source without auth checks %s's signature with <SOURCE>_SECRET",
    (name) => {
      const result = configure({ preset: name });
      if (!result.ok) throw new Error(JSON.stringify(result.problems));
      expect(result.config.sources.get("probe")?.auth).toEqual({
        type: name,
        secret: "PROBE_SECRET",
        tolerance_s: 300,
      });
    },
  );

  it.each(EVERY_PRESET.filter((name) => !SIGNING_PROVIDERS.includes(name)))(
    "a %s source has no signature of its own, so it needs auth or another protection",
    (name) => {
      const result = configure({ preset: name });
      expect(result).toMatchObject({ ok: false, problems: [{ source: "probe", field: "auth" }] });
      expect(configure({ preset: name, auth: { type: name, secret: "X_SECRET" } }).ok).toBe(false);
    },
  );

  it.each(SIGNING_PROVIDERS)("auth type %s is a signature scheme any source can use", (name) => {
    const result = configure({ preset: "json", auth: { type: name, secret: "X_SECRET" } });
    expect(result.ok).toBe(true);
  });
});
