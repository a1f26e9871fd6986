// Phone numbers as Close stores them: E.164 in `phone`, the country, and `phone_formatted`
// in the international format of Google's libphonenumber (which Close uses server-side).
// Validated with libphonenumber-js's `max` metadata (every number type's pattern, as Google's
// library has), so the simulator refuses numbers the bridge's smaller `min` metadata accepts.
import parsePhoneNumber, { type CountryCode, type PhoneNumber } from "libphonenumber-js/max";
import metadata from "libphonenumber-js/max/metadata";

/** A phone number normalized the way Close stores it. */
export type NormalizedPhone = { phone: string; country: string | null; phone_formatted: string };

/**
 * Normalizes `raw` to E.164, reading numbers without a leading `+` in `defaultCountry`.
 * Returns null when the number is not valid by the `max` metadata (e.g. "+1 264-234-5678",
 * which `min` accepts as Anguillan).
 *
 * @example normalizePhone("9045551234", "US") // { phone: "+19045551234", country: "US", phone_formatted: "+1 904-555-1234" }
 */
export function normalizePhone(raw: string, defaultCountry: string): NormalizedPhone | null {
  const parsed = parsePhoneNumber(raw, { defaultCountry: defaultCountry as CountryCode });
  if (!parsed?.isValid()) return null;
  return {
    phone: parsed.number,
    country: parsed.country ?? null,
    phone_formatted: formatInternationalLikeClose(parsed),
  };
}

// A format rule of the metadata: [pattern, national format, leading digits patterns,
// national prefix rule, national prefix optional, international format].
type FormatRule = [string, string, string[]?, unknown?, unknown?, string?];

/**
 * Formats `number` with the metadata's international pattern. libphonenumber-js's own
 * formatInternational() swaps every dash for a space ("+1 904 555 1234"), while Google's
 * libphonenumber keeps the pattern's punctuation ("+1 904-555-1234"), as Close does.
 */
function formatInternationalLikeClose(number: PhoneNumber): string {
  const national = number.nationalNumber;
  const rule = findFormatRule(number, national);
  if (!rule) return number.formatInternational();
  const [pattern, nationalFormat, , , , internationalFormat] = rule;
  const grouped = national.replace(new RegExp(pattern), internationalFormat ?? nationalFormat);
  return `+${number.countryCallingCode} ${grouped}`;
}

/**
 * Picks the metadata format rule for a national number, the way libphonenumber does: from the
 * main region of the calling code (US for every +1 number, GB for +44), whatever the number's
 * own region.
 */
function findFormatRule(number: PhoneNumber, national: string): FormatRule | undefined {
  const region = metadata.country_calling_codes[number.countryCallingCode]?.[0];
  const plan: unknown = region ? metadata.countries[region as CountryCode] : undefined;
  const rules: unknown = Array.isArray(plan) ? plan[4] : undefined;
  if (!Array.isArray(rules)) return undefined;
  return (rules as FormatRule[]).find(([pattern, , leadingDigits]) => {
    // Like libphonenumber, only the last (most detailed) leading-digits pattern decides.
    const lastLeading = leadingDigits?.at(-1);
    if (lastLeading !== undefined && national.search(new RegExp(lastLeading)) !== 0) return false;
    return new RegExp(`^(?:${pattern})$`).test(national);
  });
}
