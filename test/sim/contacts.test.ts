// Contacts: creating (with or without a lead), reading, updating, deleting, and Close's
// input rules.
import { beforeEach, describe, expect, it } from "vitest";
import documented from "./fixtures/documented-contact.json";
import {
  type Contact,
  callApi,
  createContact,
  createLead,
  type Lead,
  readSimulator,
  resetSimulator,
  sendToSimulator,
  type ValidationErrorBody,
} from "./helpers.ts";

// The "Source page" text field of sim/wrangler.toml stands in for the documented example's
// custom field, whose id belongs to Close's sample organization.
const TEXT_FIELD = "custom.cf_u8jzPde0IgxLd6GncfBAepfJBd0Kh8oOOL8dKLzdocJ";
const DOCUMENTED_FIELD = "custom.cf_j0P7kHmgFTZZnYBFtyPSZ3uQw4dpW8xKcW7Krps8atj";
const CLOSE_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}\+00:00$/;
const idOf = (prefix: string) => new RegExp(`^${prefix}_[A-Za-z0-9]{43}$`);

beforeEach(resetSimulator);

describe("creating a contact", () => {
  it("answers the documented example request with the documented response, field by field", async () => {
    const lead = await createLead({ name: "Google" });
    const { [DOCUMENTED_FIELD]: customValue, ...request } = documented.request;
    const answer = await callApi("POST", "/contact/", {
      ...request,
      lead_id: lead.id,
      [TEXT_FIELD]: customValue,
    });

    expect(answer.status).toBe(200);
    const { [DOCUMENTED_FIELD]: documentedValue, ...documentedRest } = documented.response;
    const expected: Record<string, unknown> = { ...documentedRest, [TEXT_FIELD]: documentedValue };
    expect(Object.keys(answer.body).sort()).toEqual(Object.keys(expected).sort());

    const idFields = ["id", "lead_id", "organization_id", "created_by", "updated_by"];
    const dateFields = ["date_created", "date_updated"];
    for (const [key, value] of Object.entries(expected)) {
      if (idFields.includes(key)) {
        const prefix = String(value).split("_")[0] ?? "";
        expect(answer.body[key], key).toMatch(idOf(prefix));
      } else if (dateFields.includes(key)) {
        expect(value, `documented ${key}`).toMatch(CLOSE_TIMESTAMP);
        expect(answer.body[key], key).toMatch(CLOSE_TIMESTAMP);
      } else {
        expect(answer.body[key], key).toEqual(value);
      }
    }
    expect(answer.body.lead_id).toBe(lead.id);
  });

  it("gives a contact without lead_id a new lead named after it (the acceptance check)", async () => {
    const answer = await callApi<Contact>("POST", "/contact/", {
      name: "John Smith",
      emails: [{ email: "john@example.com", type: "office" }],
      phones: [{ phone: "9045551234", type: "mobile" }],
    });

    expect(answer.status).toBe(200);
    expect(answer.headers.get("RateLimit")).toMatch(/^limit=\d+, remaining=\d+, reset=[\d.]+$/);
    expect(answer.body.id).toMatch(idOf("cont"));
    expect(answer.body.lead_id).toMatch(idOf("lead"));
    expect(answer.body.phones[0]?.phone).toBe("+19045551234");
    expect(answer.body.phones[0]?.phone_formatted).toBe("+1 904-555-1234");
    expect(answer.body.phones[0]?.country).toBe("US");
    expect(answer.body.emails[0]?.is_unsubscribed).toBe(false);

    const leads = await readSimulator<Lead>("leads");
    expect(leads).toHaveLength(1);
    expect(leads[0]?.id).toBe(answer.body.lead_id);
    expect(leads[0]?.name).toBe("John Smith");
    expect(leads[0]?.contact_ids).toEqual([answer.body.id]);
  });

  it.each([
    ["the first email", { emails: [{ email: "ann@example.com" }] }, "ann@example.com"],
    ["the first phone", { phones: [{ phone: "+14155550100" }] }, "+14155550100"],
  ])("names the new lead after %s when the contact has no name", async (_, body, leadName) => {
    const contact = await createContact(body);
    const leads = await readSimulator<Lead>("leads");
    expect(leads.find((lead) => lead.id === contact.lead_id)?.name).toBe(leadName);
  });

  it("adds the contact to an existing lead without creating another", async () => {
    const lead = await createLead({ name: "Acme" });
    const contact = await createContact({ name: "Ann", lead_id: lead.id });
    expect(contact.lead_id).toBe(lead.id);
    expect(await readSimulator("leads")).toHaveLength(1);
  });

  it("refuses an unknown lead_id with Close's field error and stores nothing", async () => {
    const answer = await callApi("POST", "/contact/", {
      name: "Ann",
      lead_id: "lead_doesNotExist0000000000000000000000000000000",
    });
    expect(answer.status).toBe(400);
    expect(answer.body).toEqual({ errors: [], "field-errors": { lead: "Object does not exist." } });
    expect(await readSimulator("contacts")).toEqual([]);
  });

  it("does not de-duplicate: the same email twice makes two contacts", async () => {
    await createContact({ emails: [{ email: "twice@example.com" }] });
    await createContact({ emails: [{ email: "twice@example.com" }] });
    expect(await readSimulator("contacts")).toHaveLength(2);
  });

  it("reads numbers without + in the organization's country and keeps others' own", async () => {
    const contact = await createContact({
      phones: [
        { phone: "(904) 555-1234", type: "office" },
        { phone: "+44 20 7946 0958", type: "office" },
      ],
    });
    expect(contact.phones).toEqual([
      { phone: "+19045551234", type: "office", country: "US", phone_formatted: "+1 904-555-1234" },
      {
        phone: "+442079460958",
        type: "office",
        country: "GB",
        phone_formatted: "+44 20 7946 0958",
      },
    ]);
  });

  it("keeps every contact when many are created at once", async () => {
    const answers = await Promise.all(
      Array.from({ length: 10 }, (_, index) =>
        callApi("POST", "/contact/", { name: `Parallel ${index}` }),
      ),
    );
    expect(answers.map((answer) => answer.status)).toEqual(Array(10).fill(200));
    expect(await readSimulator("contacts")).toHaveLength(10);
    expect(await readSimulator("leads")).toHaveLength(10);
  });
});

describe("Close's input rules", () => {
  const long = "x".repeat(1001);
  const secret = "do-not-echo-this@@value";
  it.each([
    ["an unknown key", { name: "Ann", favourite_colour: "blue" }, "favourite_colour"],
    ["emails that are not a list", { emails: { email: "a@example.com" } }, "emails"],
    ["phones that are not a list", { phones: "9045551234" }, "phones"],
    ["urls that are not a list", { urls: "http://example.com" }, "urls"],
    ["a malformed email", { emails: [{ email: secret }] }, "emails"],
    ["an invalid phone", { phones: [{ phone: `12${secret}` }] }, "phones"],
    ["more than 100 emails", { emails: Array(101).fill({ email: "a@example.com" }) }, "emails"],
    ["a name over 1000 characters", { name: long }, "name"],
    ["a title over 1000 characters", { title: long }, "title"],
    ["a name that is not a string", { name: 42 }, "name"],
    ["an unknown field in an email item", { emails: [{ email: "a@example.com", x: 1 }] }, "emails"],
  ])(
    "refuses %s with a field error naming it, without echoing the value",
    async (_, body, field) => {
      const answer = await callApi<ValidationErrorBody>("POST", "/contact/", body);
      expect(answer.status).toBe(400);
      expect(Object.keys(answer.body["field-errors"])).toContain(field);
      expect(JSON.stringify(answer.body)).not.toContain(secret);
      expect(JSON.stringify(answer.body)).not.toContain(long);
      expect(await readSimulator("contacts")).toEqual([]);
    },
  );

  it("accepts exactly 100 items and 1000 characters", async () => {
    const answer = await callApi("POST", "/contact/", {
      name: "n".repeat(1000),
      urls: Array(100).fill({ url: "http://example.com" }),
    });
    expect(answer.status).toBe(200);
  });

  it("answers 415 to a body that is not JSON and 400 to malformed JSON", async () => {
    const form = await sendToSimulator("/api/v1/contact/", {
      method: "POST",
      headers: {
        Authorization: `Basic ${btoa("api_dev.closebridge0simulator0key:")}`,
        "Content-Type": "application/x-www-form-urlencoded",
      },
      body: "name=Ann",
    });
    expect(form.status).toBe(415);
    const malformed = await sendToSimulator("/api/v1/contact/", {
      method: "POST",
      headers: {
        Authorization: `Basic ${btoa("api_dev.closebridge0simulator0key:")}`,
        "Content-Type": "application/json",
      },
      body: '{"name": ',
    });
    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toHaveProperty("error");
    expect(await readSimulator("contacts")).toEqual([]);
  });
});

describe("reading, updating and deleting a contact", () => {
  it("answers the stored contact, with or without the trailing slash", async () => {
    const contact = await createContact({ name: "Ann" });
    for (const path of [`/contact/${contact.id}/`, `/contact/${contact.id}`]) {
      const answer = await callApi("GET", path);
      expect(answer.status).toBe(200);
      expect(answer.body).toEqual(contact);
    }
  });

  it("keeps only the fields _fields asks for", async () => {
    const contact = await createContact({ name: "Ann", title: "CEO" });
    const answer = await callApi("GET", `/contact/${contact.id}/?_fields=id,name`);
    expect(answer.body).toEqual({ id: contact.id, name: "Ann" });
  });

  it("answers 404 with Close's message for an unknown id, on GET, PUT and DELETE", async () => {
    const missing = "/contact/cont_missing000000000000000000000000000000000000/";
    for (const method of ["GET", "PUT", "DELETE"]) {
      const answer = await callApi(method, missing, method === "PUT" ? { name: "x" } : undefined);
      expect(answer.status, method).toBe(404);
      expect(answer.body).toEqual({
        error: "Empty query: Contact matching query does not exist.",
      });
    }
  });

  it("updates only the fields sent, but replaces a list whole", async () => {
    const contact = await createContact({
      name: "Ann",
      title: "CEO",
      emails: [{ email: "one@example.com" }, { email: "two@example.com" }],
    });
    const answer = await callApi<Contact>("PUT", `/contact/${contact.id}/`, {
      emails: [{ email: "three@example.com", type: "home" }],
    });
    expect(answer.status).toBe(200);
    expect(answer.body.name).toBe("Ann");
    expect(answer.body.title).toBe("CEO");
    expect(answer.body.emails).toEqual([
      { email: "three@example.com", type: "home", is_unsubscribed: false },
    ]);
    expect(answer.body.date_updated >= contact.date_updated).toBe(true);
    const [stored] = await readSimulator<Contact>("contacts");
    expect(stored).toEqual(answer.body);
  });

  it("refuses an invalid update and leaves the contact as it was", async () => {
    const contact = await createContact({ name: "Ann" });
    const answer = await callApi("PUT", `/contact/${contact.id}/`, { name: "Bob", nope: true });
    expect(answer.status).toBe(400);
    expect(await readSimulator("contacts")).toEqual([contact]);
  });

  it("deletes a contact, answering {} the first time and 404 the second", async () => {
    const contact = await createContact({ name: "Ann" });
    const first = await callApi("DELETE", `/contact/${contact.id}/`);
    expect(first.status).toBe(200);
    expect(first.body).toEqual({});
    expect(await readSimulator("contacts")).toEqual([]);
    expect((await callApi("DELETE", `/contact/${contact.id}/`)).status).toBe(404);
  });

  it("answers 405 for a method the path does not take", async () => {
    const answer = await callApi("PATCH", "/contact/", { name: "Ann" });
    expect(answer.status).toBe(405);
    expect(answer.headers.get("Allow")).toBe("GET, POST");
  });
});
