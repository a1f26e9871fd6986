// Phones to E.164 with libphonenumber-js and the source's default country (its `min`
// metadata validates by each country's lengths and prefixes, at a fraction of the size).
import { type CountryCode, parsePhoneNumberFromString } from "libphonenumber-js/min";

/** A phone as typed, read as E.164 when it is a valid number. */
export type PhoneResult = { ok: true; e164: string } | { ok: false; typed: string };

/**
 * Reads a phone number in the given default country.
 *
 * @example
 * normalizePhone("(415) 555-0100", "US") // => { ok: true, e164: "+14155550100" }
 * normalizePhone("0049 30 1234567", "DE") // => { ok: true, e164: "+49301234567" }
 */
export function normalizePhone(typed: string, defaultCountry: string): PhoneResult {
  const trimmed = typed.trim();
  const parsed = parsePhoneNumberFromString(trimmed, {
    defaultCountry: defaultCountry as CountryCode,
  });
  if (parsed?.isValid()) return { ok: true, e164: parsed.number };
  return { ok: false, typed: trimmed };
}
