// Custom fields: the organization's definitions, and setting values on contacts and leads.
import { beforeEach, describe, expect, it } from "vitest";
import {
  type Contact,
  callApi,
  createContact,
  createLead,
  readSimulator,
  resetSimulator,
  type ValidationErrorBody,
} from "./helpers.ts";

// The custom fields configured in sim/wrangler.toml.
const SOURCE_PAGE = "custom.cf_u8jzPde0IgxLd6GncfBAepfJBd0Kh8oOOL8dKLzdocJ";
const INTERESTS = "custom.cf_2isAjIhKtJ0RlgLKOmxgJTeKdNnFRIBXuDL7DxtpYlS";
const UTM_SOURCE = "custom.cf_XpfKtHF4vUCsMehGAkWvj7FAc9QeWJKY40uvSwMFLZD";
const COMPANY_SIZE = "custom.cf_e1f8rESQedUStPKR0CsTy4Qwb8DwkNhFdnXsiVpzz63";
const LEAD_SOURCE = "custom.cf_P10eougTfIhpazOc61hVRd82Wzj5OSqplLapHp6hgPj";
const LEAD_OWNER = "custom.cf_ryAczD4UDDqcdbTmBQq79GygZnhAOgshDBj1zpi4i4z";
const UTM_MEDIUM = "custom.cf_BGozlxQF0l3AnQB2bFtKsh2eWYtVFpIPEnLCGiFJfWO";
const UTM_CAMPAIGN = "custom.cf_QgUQudDfZFUWdGvIkgTxzszeomDnTaOaovzMNndr5Ob";
const MARKETING_CONSENT = "custom.cf_yOdjQ9IS8onGY2O2IQ0OUV86rGbNNZZGnELEwiTDVT6";
// Users of sim/wrangler.toml.
const RILEY = { id: "user_xEEsAoCaA2QTqpOoast0vQj8VMtbYo9Mqb5jZMQObDD", name: "Riley Chen" };

beforeEach(resetSimulator);

describe("listing the organization's custom fields", () => {
  it("lists contact and lead custom fields as configured, paginated", async () => {
    const contact = await callApi<{ data: Record<string, unknown>[]; has_more: boolean }>(
      "GET",
      "/custom_field/contact/",
    );
    expect(contact.status).toBe(200);
    expect(contact.body.has_more).toBe(false);
    expect(contact.body.data).toEqual([
      expect.objectContaining({
        id: SOURCE_PAGE.slice("custom.".length),
        name: "Source page",
        type: "text",
        accepts_multiple_values: false,
      }),
      expect.objectContaining({
        id: INTERESTS.slice("custom.".length),
        name: "Interests",
        type: "choices",
        accepts_multiple_values: true,
        choices: ["Pricing", "Demo", "Support", "Partnership"],
      }),
      expect.objectContaining({
        id: MARKETING_CONSENT.slice("custom.".length),
        name: "Marketing consent",
        type: "choices",
        choices: ["Yes", "No"],
      }),
    ]);

    const firstLeadField = await callApi<{ data: { name: string }[]; has_more: boolean }>(
      "GET",
      "/custom_field/lead/?_limit=1",
    );
    expect(firstLeadField.body.data.map((field) => field.name)).toEqual(["UTM source"]);
    expect(firstLeadField.body.has_more).toBe(true);
  });

  it("answers the schema of an object type as {fields: [...]}", async () => {
    const answer = await callApi<{ fields: { id: string; type: string }[] }>(
      "GET",
      "/custom_field_schema/lead/",
    );
    expect(answer.status).toBe(200);
    expect(answer.body.fields.map((field) => [field.id, field.type])).toEqual([
      [UTM_SOURCE.slice("custom.".length), "text"],
      [COMPANY_SIZE.slice("custom.".length), "number"],
      [LEAD_SOURCE.slice("custom.".length), "choices"],
      [LEAD_OWNER.slice("custom.".length), "user"],
      [UTM_MEDIUM.slice("custom.".length), "text"],
      [UTM_CAMPAIGN.slice("custom.".length), "text"],
    ]);
  });
});

describe("setting custom field values", () => {
  it("stores values as flat custom.cf_ keys on contacts and leads", async () => {
    const contact = await createContact({
      name: "Ann",
      [SOURCE_PAGE]: "/pricing",
      [INTERESTS]: ["Pricing", "Demo"],
    });
    expect(contact[SOURCE_PAGE]).toBe("/pricing");
    expect(contact[INTERESTS]).toEqual(["Pricing", "Demo"]);

    const lead = await createLead({ name: "Acme", [UTM_SOURCE]: "newsletter", [COMPANY_SIZE]: 50 });
    expect(lead[UTM_SOURCE]).toBe("newsletter");
    expect(lead[COMPANY_SIZE]).toBe(50);
  });

  const secret = "secret-value-42";
  it.each([
    ["an unknown custom field id", { "custom.cf_unknown123": secret }, "custom.cf_unknown123"],
    ["a lead field on a contact", { [UTM_SOURCE]: secret }, UTM_SOURCE],
    ["a value outside the choices", { [INTERESTS]: [secret] }, INTERESTS],
    ["a single value for a multi-value field", { [INTERESTS]: "Pricing" }, INTERESTS],
    ["a list for a single-value field", { [SOURCE_PAGE]: [secret] }, SOURCE_PAGE],
    ["the deprecated custom object", { custom: { "Source page": secret } }, "custom"],
  ])("refuses %s, naming the key", async (_, fields, key) => {
    const answer = await callApi<ValidationErrorBody>("POST", "/contact/", {
      name: "Ann",
      ...fields,
    });
    expect(answer.status).toBe(400);
    expect(Object.keys(answer.body["field-errors"])).toEqual([key]);
    expect(JSON.stringify(answer.body)).not.toContain(secret);
    expect(await readSimulator("contacts")).toEqual([]);
  });

  it("refuses a number field given anything but a number", async () => {
    const answer = await callApi<ValidationErrorBody>("POST", "/lead/", {
      name: "Acme",
      [COMPANY_SIZE]: "fifty",
    });
    expect(answer.status).toBe(400);
    expect(answer.body["field-errors"]).toHaveProperty(COMPANY_SIZE);
  });

  it("unsets a value with null on PUT", async () => {
    const contact = await createContact({ name: "Ann", [SOURCE_PAGE]: "/pricing" });
    const answer = await callApi<Contact>("PUT", `/contact/${contact.id}/`, {
      [SOURCE_PAGE]: null,
    });
    expect(answer.status).toBe(200);
    expect(answer.body).not.toHaveProperty(SOURCE_PAGE);
    expect(answer.body.name).toBe("Ann");
  });

  it("adds and removes one value of a multi-value field with .add and .remove", async () => {
    const contact = await createContact({ name: "Ann", [INTERESTS]: ["Pricing"] });
    const added = await callApi<Contact>("PUT", `/contact/${contact.id}/`, {
      [`${INTERESTS}.add`]: "Demo",
    });
    expect(added.body[INTERESTS]).toEqual(["Pricing", "Demo"]);
    const removed = await callApi<Contact>("PUT", `/contact/${contact.id}/`, {
      [`${INTERESTS}.remove`]: "Pricing",
    });
    expect(removed.body[INTERESTS]).toEqual(["Demo"]);

    const onSingle = await callApi("PUT", `/contact/${contact.id}/`, {
      [`${SOURCE_PAGE}.add`]: "/x",
    });
    expect(onSingle.status).toBe(400);
    const notAChoice = await callApi("PUT", `/contact/${contact.id}/`, {
      [`${INTERESTS}.add`]: "Golf",
    });
    expect(notAChoice.status).toBe(400);
  });
});

describe("user-type custom fields (Close's lead owner convention)", () => {
  it("stores a member given by id or by exact full name, as the id", async () => {
    const byId = await createLead({ name: "Acme", [LEAD_OWNER]: RILEY.id });
    expect(byId[LEAD_OWNER]).toBe(RILEY.id);
    const byName = await createLead({ name: "Initech", [LEAD_OWNER]: RILEY.name });
    expect(byName[LEAD_OWNER]).toBe(RILEY.id);
  });

  it.each([
    ["an id of nobody", "user_nobodyXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX"],
    ["a name that is not exact", "riley chen"],
    ["a list for a single-value field", [RILEY.id]],
    ["a number", 7],
  ])("refuses %s", async (_, value) => {
    const answer = await callApi<ValidationErrorBody>("POST", "/lead/", {
      name: "Acme",
      [LEAD_OWNER]: value,
    });
    expect(answer.status).toBe(400);
    expect(Object.keys(answer.body["field-errors"])).toEqual([LEAD_OWNER]);
    expect(await readSimulator("leads")).toEqual([]);
  });
});

describe("activity custom fields", () => {
  it("lists the fields of every custom activity type, with their type's id, required and choices", async () => {
    const answer = await callApi<{ data: Record<string, unknown>[]; has_more: boolean }>(
      "GET",
      "/custom_field/activity/",
    );
    expect(answer.status).toBe(200);
    expect(answer.body.data.map((field) => field.name)).toEqual([
      "Source",
      "Page URL",
      "UTM source",
      "UTM campaign",
      "Consent",
      "Message",
      "Submission ID",
    ]);
    expect(answer.body.data[4]).toMatchObject({
      type: "choices",
      choices: ["Yes", "No"],
      required: false,
      custom_activity_type_id: "actitype_lgmbf7xUsP0P9gjcl7NSWS",
    });
    expect(answer.body.data[0]).toMatchObject({ required: true });
    const one = await callApi("GET", `/custom_field/activity/${answer.body.data[0]?.id}/`);
    expect(one.body).toEqual(answer.body.data[0]);
  });
});
