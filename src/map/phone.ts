// Phones to E.164 with libphonenumber-js and the source's default country. The metadata is
// libphonenumber-js's `min` set (it validates by each country's lengths and prefixes) without
// the formatting rules the bridge never uses (scripts/phone-metadata.ts). It is not in the
// bundle: it is a static asset the edge loads once per isolate (src/phone-metadata.ts) and
// installs here before any draft is mapped; only its list of countries is compiled in, so that
// the configuration is checked without it.
import type { CountryCode, MetadataJson } from "libphonenumber-js/core";
import * as z from "../zod.ts";
import { parsePhoneNumberFromString } from "./libphonenumber.ts";
import { PHONE_COUNTRIES } from "./phone-countries.ts";

/** A phone as typed, read as E.164 when it is a valid number. */
export type PhoneResult = { ok: true; e164: string } | { ok: false; typed: string };

const countries: ReadonlySet<string> = new Set(PHONE_COUNTRIES.split(" "));

/** The metadata's shape, as far as the bridge relies on it (libphonenumber-js reads the rest). */
const PhoneMetadata = z.deferred(() =>
  z.looseObject({
    version: z.number(),
    country_calling_codes: z.record(z.string(), z.array(z.string())),
    countries: z.record(z.string(), z.array(z.unknown())),
  }),
);

let installed: MetadataJson | undefined;

/** Mapping a phone before the metadata was installed: a bug of the edge that mapped it. */
export class PhoneMetadataMissing extends Error {
  constructor() {
    super("The phone metadata was not loaded before a draft was mapped");
    this.name = "PhoneMetadataMissing";
  }
}

/** Whether libphonenumber knows `code` as a country (`US`, `DE`, ...); needs no metadata. */
export function isPhoneCountry(code: string): code is CountryCode {
  return countries.has(code);
}

/**
 * Installs the phone metadata (the asset's JSON) for every later `normalizePhone`. Throws when
 * it is not the metadata this bundle was built with (its countries differ from the list).
 */
export function installPhoneMetadata(json: unknown): void {
  const parsed = PhoneMetadata.safeParse(json);
  if (!parsed.success) throw new Error("The phone metadata is not libphonenumber-js metadata");
  if (Object.keys(parsed.data.countries).join(" ") !== PHONE_COUNTRIES) {
    throw new Error("The phone metadata's countries are not those this bundle was built with");
  }
  installed = parsed.data as unknown as MetadataJson;
}

/** Whether `installPhoneMetadata` has run in this isolate. */
export function isPhoneMetadataInstalled(): boolean {
  return installed !== undefined;
}

/** Forgets the installed metadata, as a fresh isolate starts (for tests and the benchmarks). */
export function uninstallPhoneMetadata(): void {
  installed = undefined;
}

/**
 * Reads a phone number in the given default country. Throws `PhoneMetadataMissing` when the
 * metadata was not installed: a phone is never dropped for want of it.
 *
 * @example
 * normalizePhone("(415) 555-0100", "US") // => { ok: true, e164: "+14155550100" }
 * normalizePhone("0049 30 1234567", "DE") // => { ok: true, e164: "+49301234567" }
 */
export function normalizePhone(typed: string, defaultCountry: string): PhoneResult {
  if (installed === undefined) throw new PhoneMetadataMissing();
  const trimmed = typed.trim();
  const parsed = parsePhoneNumberFromString(
    trimmed,
    { defaultCountry: defaultCountry as CountryCode },
    installed,
  );
  if (parsed?.isValid()) return { ok: true, e164: parsed.number };
  return { ok: false, typed: trimmed };
}
