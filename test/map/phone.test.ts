import examples from "libphonenumber-js/examples.mobile.json";
import packageMetadata from "libphonenumber-js/metadata.min.json";
import { type CountryCode, getCountries, parsePhoneNumberFromString } from "libphonenumber-js/min";
import { beforeAll, describe, expect, it } from "vitest";
import assetMetadata from "../../public/_bridge/phone-metadata.json";
import {
  installPhoneMetadata,
  isPhoneCountry,
  normalizePhone,
  PhoneMetadataMissing,
  uninstallPhoneMetadata,
} from "../../src/map/phone.ts";
import { PHONE_COUNTRIES } from "../../src/map/phone-countries.ts";
import { installTestPhoneMetadata, PHONE_METADATA } from "../helpers/phone-metadata.ts";

/** What libphonenumber-js makes of a number with its full `min` metadata. */
function readWithPackage(typed: string, country: CountryCode): string | null {
  const parsed = parsePhoneNumberFromString(typed, { defaultCountry: country });
  return parsed?.isValid() ? parsed.number : null;
}

/** What the bridge makes of it, with the metadata it loads. */
function readWithBridge(typed: string, country: CountryCode): string | null {
  const result = normalizePhone(typed, country);
  return result.ok ? result.e164 : null;
}

const countries = getCountries();
const exampleOf = (country: CountryCode) =>
  (examples as Record<string, string | undefined>)[country] ?? "";

describe("the countries the bundle knows without the metadata", () => {
  it("are every country libphonenumber-js knows, and those of the metadata asset", () => {
    uninstallPhoneMetadata();
    expect(countries.length).toBeGreaterThan(240);
    expect(countries.filter((country) => !isPhoneCountry(country))).toEqual([]);
    expect(isPhoneCountry("XX")).toBe(false);
    expect(PHONE_COUNTRIES.split(" ")).toEqual(Object.keys(assetMetadata.countries));
  });
});

describe("reading a phone before the metadata is loaded", () => {
  it("throws instead of dropping the phone", () => {
    uninstallPhoneMetadata();
    expect(() => normalizePhone("(415) 555-0100", "US")).toThrow(PhoneMetadataMissing);
  });

  it.each([
    ["not metadata at all", { countries: "none" }],
    ["metadata of other countries", { ...assetMetadata, countries: { US: [] } }],
    ["an empty answer", null],
  ])("refuses to install %s", (_, json) => {
    uninstallPhoneMetadata();
    expect(() => installPhoneMetadata(json)).toThrow(/phone metadata/);
    expect(() => normalizePhone("(415) 555-0100", "US")).toThrow(PhoneMetadataMissing);
  });
});

describe("the phone metadata the bridge loads", () => {
  beforeAll(installTestPhoneMetadata);

  it("reads every country's example number, typed nationally and internationally, as the full metadata does", () => {
    const differences: string[] = [];
    for (const country of countries) {
      const national = exampleOf(country);
      const international = `+${readWithPackage(national, country)?.slice(1) ?? ""}`;
      for (const typed of [national, international]) {
        const bridge = readWithBridge(typed, country);
        const full = readWithPackage(typed, country);
        if (bridge === null || bridge !== full)
          differences.push(`${country} ${typed}: ${bridge} vs ${full}`);
      }
    }
    expect(differences).toEqual([]);
  });

  it("refuses what the full metadata refuses", () => {
    for (const [typed, country] of [
      ["555", "US"],
      ["+1 000 000 0000", "US"],
      ["030 12", "DE"],
      ["not a phone", "GB"],
    ] as const) {
      expect(readWithBridge(typed, country)).toBeNull();
      expect(readWithPackage(typed, country)).toBeNull();
    }
  });

  it("differs from libphonenumber-js's own only in formatting rules", () => {
    const formattingOnly = new Set([4, 6, 9]);
    const kept = (plans: Record<string, unknown[]>) =>
      Object.fromEntries(
        Object.entries(plans).map(([code, plan]) => [
          code,
          plan.filter((_, index) => !formattingOnly.has(index)),
        ]),
      );
    const bundled = PHONE_METADATA as typeof packageMetadata;
    expect(bundled.country_calling_codes).toEqual(packageMetadata.country_calling_codes);
    expect(kept(bundled.countries)).toEqual(kept(packageMetadata.countries));
    expect(kept(bundled.nonGeographic)).toEqual(kept(packageMetadata.nonGeographic));
    expect(JSON.stringify(bundled).length).toBeLessThan(JSON.stringify(packageMetadata).length / 2);
  });
});
