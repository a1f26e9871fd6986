// Phones as Close validates them: Google libphonenumber's full metadata (libphonenumber-js
// `max`), which refuses numbers that the smaller `min` metadata the bridge bundles accepts.
import { parsePhoneNumberFromString } from "libphonenumber-js/min";
import { beforeEach, describe, expect, it } from "vitest";
import {
  type Contact,
  callApi,
  createContact,
  readSimulator,
  resetSimulator,
  type ValidationErrorBody,
} from "./helpers.ts";

beforeEach(resetSimulator);

// Valid by `min` (which checks a region's lengths and leading digits only), invalid by `max`
// (which checks every number type's pattern): Anguilla has no 234 exchange, France no 070.
const VALID_BY_MIN_ONLY = [
  ["a national number read in the US as Anguillan", "(264) 234-5678"],
  ["the same number in E.164", "+12642345678"],
  ["a French number in a range not in service", "+33 7 00 00 00 00"],
] as const;

describe("numbers the bridge's min metadata accepts and Close refuses", () => {
  it.each(VALID_BY_MIN_ONLY)("min accepts %s (%s)", (_, phone) => {
    expect(parsePhoneNumberFromString(phone, "US")?.isValid()).toBe(true);
  });

  it.each(VALID_BY_MIN_ONLY)("refuses %s (%s) on a new contact", async (_, phone) => {
    const answer = await callApi<ValidationErrorBody>("POST", "/contact/", {
      name: "Ann",
      phones: [{ phone, type: "mobile" }],
    });
    expect(answer.status).toBe(400);
    expect(answer.body).toEqual({
      errors: [],
      "field-errors": { phones: "Invalid phone number." },
    });
    expect(await readSimulator("contacts")).toEqual([]);
  });

  it.each(VALID_BY_MIN_ONLY)("refuses %s (%s) on a lead's nested contact", async (_, phone) => {
    const answer = await callApi<ValidationErrorBody>("POST", "/lead/", {
      name: "Acme",
      contacts: [{ name: "Ann", phones: [{ phone }] }],
    });
    expect(answer.status).toBe(400);
    expect(Object.keys(answer.body["field-errors"])).toEqual(["contacts"]);
    expect(await readSimulator("leads")).toEqual([]);
  });

  it.each(VALID_BY_MIN_ONLY)("refuses %s (%s) on an update", async (_, phone) => {
    const contact = await createContact({ name: "Ann", phones: [{ phone: "+19045551234" }] });
    const answer = await callApi("PUT", `/contact/${contact.id}/`, { phones: [{ phone }] });
    expect(answer.status).toBe(400);
    const [stored] = await readSimulator<Contact>("contacts");
    expect(stored?.phones.map((item) => item.phone)).toEqual(["+19045551234"]);
  });
});

describe("numbers Close accepts", () => {
  it.each([
    ["9045551234", "+19045551234", "US", "+1 904-555-1234"],
    ["+1 264-497-1234", "+12644971234", "AI", "+1 264-497-1234"],
    ["+33 6 12 34 56 78", "+33612345678", "FR", "+33 6 12 34 56 78"],
    ["+44 7400 123456", "+447400123456", "GB", "+44 7400 123456"],
    ["+44 7911 123456", "+447911123456", "GG", "+44 7911 123456"],
    ["+49 1511 2345678", "+4915112345678", "DE", "+49 1511 2345678"],
  ])("stores %s as %s (%s), formatted %s", async (phone, e164, country, formatted) => {
    const contact = await createContact({ phones: [{ phone, type: "office" }] });
    expect(contact.phones).toEqual([
      { phone: e164, type: "office", country, phone_formatted: formatted },
    ]);
  });
});
