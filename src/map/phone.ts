// Phones to E.164 with libphonenumber-js and the source's default country. The metadata is
// libphonenumber-js's `min` set (it validates by each country's lengths and prefixes) without
// the formatting rules the bridge never uses (scripts/phone-metadata.ts): every number reads
// exactly as with the full `min` set, at half its size in the bundle.
import type { CountryCode, MetadataJson } from "libphonenumber-js/core";
import { isSupportedCountry, parsePhoneNumberFromString } from "./libphonenumber.ts";
import metadataJson from "./phone-metadata.json" with { type: "json" };

const metadata = metadataJson as unknown as MetadataJson;

/** A phone as typed, read as E.164 when it is a valid number. */
export type PhoneResult = { ok: true; e164: string } | { ok: false; typed: string };

/** Whether libphonenumber knows `code` as a country (`US`, `DE`, ...). */
export function isPhoneCountry(code: string): code is CountryCode {
  return isSupportedCountry(code as CountryCode, metadata);
}

/**
 * Reads a phone number in the given default country.
 *
 * @example
 * normalizePhone("(415) 555-0100", "US") // => { ok: true, e164: "+14155550100" }
 * normalizePhone("0049 30 1234567", "DE") // => { ok: true, e164: "+49301234567" }
 */
export function normalizePhone(typed: string, defaultCountry: string): PhoneResult {
  const trimmed = typed.trim();
  const parsed = parsePhoneNumberFromString(
    trimmed,
    { defaultCountry: defaultCountry as CountryCode },
    metadata,
  );
  if (parsed?.isValid()) return { ok: true, e164: parsed.number };
  return { ok: false, typed: trimmed };
}
