import { describe, expect, it } from "vitest";
import { readPropertyValue } from "../../src/providers/hubspot/extract.ts";
import allProperties from "../fixtures/hubspot/contact-all-properties.json";
import customBody from "../fixtures/hubspot/contact-custom-body.json";
import {
  copyOf,
  jsonDelivery,
  LONG_TEXT,
  prepareContact,
  refusalOf,
  sourceFor,
} from "../helpers/pipeline.ts";

const hubspot = sourceFor("hubspot");

describe("HubSpot workflow webhooks", () => {
  it("the CRM v3 shape (properties as plain values) is read too", async () => {
    const v3 = {
      id: "512",
      properties: {
        email: "v3@example.com",
        firstname: "Vee",
        lastname: "Three",
        hs_object_id: "512",
      },
      createdAt: "2026-03-04T10:00:00.000Z",
      archived: false,
    };
    const prepared = await prepareContact(jsonDelivery(v3), hubspot);
    expect(prepared.draft).toMatchObject({
      name: "Vee Three",
      emails: [{ email: "v3@example.com" }],
    });
    expect(prepared.eventId).toBe("512");
  });

  it("a record without email and phone is refused with 422 naming the properties", async () => {
    const body = copyOf(customBody) as Record<string, unknown>;
    delete body.email;
    delete body.mobilephone;
    const refusal = await refusalOf(jsonDelivery(body), hubspot);
    expect(refusal).toMatchObject({ code: "unmappable", status: 422 });
    expect(refusal.details[0]?.problem).toContain("the email, phone or mobilephone property");
  });

  it("fields override what the preset detects; bookkeeping properties are reachable by path", async () => {
    const source = sourceFor("hubspot", {
      fields: {
        company: "city",
        "custom.cf_source": "properties.hs_analytics_source",
        "custom.cf_page": "body.form-submissions[0].page-url",
      },
    });
    const { draft } = await prepareContact(jsonDelivery(allProperties), source);
    expect(draft.lead.name).toBe("San Francisco");
    expect(draft.custom).toEqual({
      cf_source: "ORGANIC_SEARCH",
      cf_page: "https://heartofgold.example/contact",
    });
  });

  it.each([
    ["a date property (midnight UTC in epoch ms)", "1773964800000", "2026-03-20", "date"],
    ["a datetime property (not a whole day)", "1741015260000", "1741015260000", "number"],
    ["a number property", "200", "200", "number"],
    ["a decimal number property", "-12.5", "-12.5", "number"],
    ["a single checkbox, checked", "true", true, "boolean"],
    ["a single checkbox, unchecked", "false", false, "boolean"],
    [
      "a multiple checkboxes property",
      "Calling;Reporting;Email sequences",
      ["Calling", "Reporting", "Email sequences"],
      "choice",
    ],
    ["text with a semicolon in a sentence", "Calls; then email", "Calls; then email", "text"],
    ["text with an empty option", "Calling;", "Calling;", "text"],
    ["plain text", "Podcast", "Podcast", "text"],
  ])("%s (%j) is read as what it means", (_, raw, value, kind) => {
    expect(readPropertyValue(raw)).toEqual({ value, kind });
  });

  it("a date, a yes/no and multiple checkboxes map to Close custom fields as a date, a yes/no and a list", async () => {
    const source = sourceFor("hubspot", {
      fields: {
        "custom.cf_demo": "demo_date",
        "custom.cf_consent": "gdpr_consent",
        "lead.custom.cf_products": "products_of_interest",
      },
    });
    const { draft } = await prepareContact(jsonDelivery(allProperties), source);
    expect(draft.custom).toEqual({ cf_demo: "2026-03-20", cf_consent: true });
    expect(draft.lead.custom).toEqual({
      cf_products: ["Calling", "Reporting", "Email sequences"],
    });
  });

  it("unusual content maps without error: emoji, right-to-left text, 10,000 characters, empty answers", async () => {
    const body = {
      ...customBody,
      firstname: "Yael 🐙",
      lastname: "יעל",
      how_did_you_hear: LONG_TEXT,
      company: "",
    };
    const { draft } = await prepareContact(jsonDelivery(body), hubspot);
    expect(draft.name).toBe("Yael 🐙 יעל");
    expect(draft.lead.name).toBeUndefined();
    expect(draft.note).toBe(`how_did_you_hear: ${LONG_TEXT.trim()}`);
  });
});
