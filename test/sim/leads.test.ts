// Leads: nested contacts on create, partial updates, and deletion with everything under them.
import { beforeEach, describe, expect, it } from "vitest";
import {
  type Contact,
  callApi,
  createContact,
  createLead,
  type Lead,
  readSimulator,
  resetSimulator,
  type ValidationErrorBody,
} from "./helpers.ts";

beforeEach(resetSimulator);

// Close's documented lead example (close-api.md), without its organization-specific ids.
const BLUTH = {
  name: "Bluth Company",
  url: "http://thebluthcompany.tumblr.com/",
  description: "Sells bananas.",
  contacts: [
    {
      name: "Gob",
      title: "Sr. Vice President",
      emails: [{ email: "gob@example.com", type: "office" }],
      phones: [{ phone: "8004445555", type: "office" }],
    },
  ],
  addresses: [
    {
      label: "business",
      address_1: "747 Howard St",
      city: "San Francisco",
      state: "CA",
      zipcode: "94103",
      country: "US",
    },
  ],
};

describe("creating a lead", () => {
  it("creates the lead with its nested contacts in one call", async () => {
    const answer = await callApi<Lead>("POST", "/lead/", BLUTH);
    expect(answer.status).toBe(200);
    const lead = answer.body;
    expect(lead.id).toMatch(/^lead_[A-Za-z0-9]{43}$/);
    expect(lead).toMatchObject({
      name: "Bluth Company",
      display_name: "Bluth Company",
      url: "http://thebluthcompany.tumblr.com/",
      description: "Sells bananas.",
      status_label: "Potential",
      addresses: [{ ...BLUTH.addresses[0], address_2: null }],
    });
    expect(lead.contacts).toHaveLength(1);
    const [gob] = lead.contacts;
    expect(gob?.lead_id).toBe(lead.id);
    expect(gob?.phones[0]?.phone).toBe("+18004445555");
    expect(lead.contact_ids).toEqual([gob?.id]);
    expect(await readSimulator("contacts")).toEqual(lead.contacts);
  });

  it("refuses a nested contact with a bad email, naming `contacts`, and stores nothing", async () => {
    const answer = await callApi<ValidationErrorBody>("POST", "/lead/", {
      name: "Acme",
      contacts: [{ name: "Ann", emails: [{ email: "not an email" }] }],
    });
    expect(answer.status).toBe(400);
    expect(answer.body["field-errors"].contacts).toContain("emails");
    expect(await readSimulator("leads")).toEqual([]);
    expect(await readSimulator("contacts")).toEqual([]);
  });

  it("refuses status and status_id together, and a status_id that does not exist", async () => {
    const both = await callApi("POST", "/lead/", {
      name: "A",
      status: "Potential",
      status_id: "stat_x",
    });
    expect(both.status).toBe(400);
    const unknown = await callApi<ValidationErrorBody>("POST", "/lead/", {
      name: "A",
      status_id: "stat_doesNotExist",
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body["field-errors"]).toHaveProperty("status_id");
  });

  it("takes a status by its label", async () => {
    const lead = await createLead({ name: "A", status: "Qualified" });
    expect(lead.status_label).toBe("Qualified");
  });
});

describe("reading, updating and deleting a lead", () => {
  it("answers a lead with every contact it has, including ones added later", async () => {
    const lead = await createLead({ name: "Acme", contacts: [{ name: "Ann" }] });
    const bob = await createContact({ name: "Bob", lead_id: lead.id });
    const answer = await callApi<Lead>("GET", `/lead/${lead.id}/`);
    expect(answer.status).toBe(200);
    expect(answer.body.contacts.map((contact) => contact.name)).toEqual(["Ann", "Bob"]);
    expect(answer.body.contact_ids).toContain(bob.id);
  });

  it("updates only the fields sent and refuses nested contacts", async () => {
    const lead = await createLead({ name: "Acme", description: "Old", url: "http://acme.test" });
    const answer = await callApi<Lead>("PUT", `/lead/${lead.id}`, { description: "New" });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({
      name: "Acme",
      description: "New",
      url: "http://acme.test",
    });

    const nested = await callApi<ValidationErrorBody>("PUT", `/lead/${lead.id}/`, {
      contacts: [{ name: "Eve" }],
    });
    expect(nested.status).toBe(400);
    expect(nested.body["field-errors"]).toHaveProperty("contacts");
  });

  it("deletes a lead together with its contacts and notes", async () => {
    const lead = await createLead({ name: "Acme", contacts: [{ name: "Ann" }, { name: "Bob" }] });
    const other = await createContact({ name: "Stays" });
    await callApi("POST", "/activity/note/", { lead_id: lead.id, note: "Call back" });

    const answer = await callApi("DELETE", `/lead/${lead.id}/`);
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({});
    expect((await readSimulator<Contact>("contacts")).map((contact) => contact.id)).toEqual([
      other.id,
    ]);
    expect(await readSimulator("notes")).toEqual([]);
    expect((await readSimulator<Lead>("leads")).map((stored) => stored.id)).toEqual([
      other.lead_id,
    ]);
  });

  it("answers 404 with Close's message for an unknown lead", async () => {
    const answer = await callApi("GET", "/lead/lead_missing000000000000000000000000000000000000/");
    expect(answer.status).toBe(404);
    expect(answer.body).toEqual({ error: "Empty query: Lead matching query does not exist." });
  });
});
