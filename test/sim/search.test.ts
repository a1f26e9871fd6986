// Search (`POST /data/search/`): the queries close-bridge sends to find existing records.
import { beforeEach, describe, expect, it } from "vitest";
import {
  callApi,
  contactsByEmail,
  contactsByPhone,
  createContact,
  createLead,
  leadsByName,
  resetSimulator,
  type ValidationErrorBody,
} from "./helpers.ts";

type SearchAnswer = { data: Record<string, unknown>[]; cursor: string | null };

beforeEach(resetSimulator);

function leadsWithContactEmail(email: string) {
  const { query } = contactsByEmail(email);
  return {
    query: {
      type: "and",
      queries: [
        { type: "object_type", object_type: "lead" },
        {
          type: "has_related",
          this_object_type: "lead",
          related_object_type: "contact",
          related_query: query,
        },
      ],
    },
  };
}

describe("finding records", () => {
  it("finds contacts by email, whatever the case, with the fields asked for", async () => {
    const jane = await createContact({ name: "Jane", emails: [{ email: "Jane@Example.com" }] });
    await createContact({ name: "Other", emails: [{ email: "other@example.com" }] });

    const answer = await callApi<SearchAnswer>(
      "POST",
      "/data/search/",
      contactsByEmail("JANE@example.COM"),
    );
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({
      data: [{ __object_type: "contact", id: jane.id, lead_id: jane.lead_id, emails: jane.emails }],
      cursor: null,
    });
  });

  it.each(["+19045551234", "9045551234", "(904) 555-1234", "+1 904-555-1234"])(
    "finds contacts by phone, normalizing the searched value %s",
    async (searched) => {
      const ann = await createContact({ name: "Ann", phones: [{ phone: "904.555.1234" }] });
      await createContact({ name: "Bob", phones: [{ phone: "+14155550100" }] });
      const answer = await callApi<SearchAnswer>(
        "POST",
        "/data/search/",
        contactsByPhone(searched),
      );
      expect(answer.body.data).toEqual([{ __object_type: "contact", id: ann.id }]);
    },
  );

  it("finds leads by their exact name only", async () => {
    const acme = await createLead({ name: "Acme Inc" });
    await createLead({ name: "Acme Incorporated" });
    const answer = await callApi<SearchAnswer>("POST", "/data/search/", leadsByName("ACME inc"));
    expect(answer.body.data).toEqual([{ __object_type: "lead", id: acme.id, name: "Acme Inc" }]);
  });

  it("finds leads having a contact with an email", async () => {
    const lead = await createLead({
      name: "Acme",
      contacts: [{ name: "Ann", emails: [{ email: "ann@acme.test" }] }],
    });
    await createLead({ name: "Other", contacts: [{ emails: [{ email: "bob@other.test" }] }] });
    const answer = await callApi<SearchAnswer>(
      "POST",
      "/data/search/",
      leadsWithContactEmail("ann@acme.test"),
    );
    expect(answer.body.data).toEqual([{ __object_type: "lead", id: lead.id }]);
  });

  it("combines clauses with or", async () => {
    const ann = await createContact({ emails: [{ email: "ann@example.com" }] });
    const bob = await createContact({ phones: [{ phone: "+14155550100" }] });
    await createContact({ emails: [{ email: "eve@example.com" }] });
    const answer = await callApi<SearchAnswer>("POST", "/data/search/", {
      query: {
        type: "or",
        queries: [contactsByEmail("ann@example.com").query, contactsByPhone("+14155550100").query],
      },
    });
    expect(answer.body.data.map((result) => result.id)).toEqual([ann.id, bob.id]);
  });

  it("answers an empty list when nothing matches", async () => {
    await createContact({ emails: [{ email: "ann@example.com" }] });
    const answer = await callApi<SearchAnswer>(
      "POST",
      "/data/search/",
      contactsByEmail("nobody@example.com"),
    );
    expect(answer.body).toEqual({ data: [], cursor: null });
  });

  it("pages through results with the cursor", async () => {
    const created = [];
    for (let index = 0; index < 3; index++) {
      created.push(await createContact({ emails: [{ email: "shared@example.com" }] }));
    }
    const first = await callApi<SearchAnswer>(
      "POST",
      "/data/search/",
      contactsByEmail("shared@example.com", { _limit: 2 }),
    );
    expect(first.body.data.map((result) => result.id)).toEqual([created[0]?.id, created[1]?.id]);
    expect(first.body.cursor).toEqual(expect.any(String));

    const second = await callApi<SearchAnswer>(
      "POST",
      "/data/search/",
      contactsByEmail("shared@example.com", { _limit: 2, cursor: first.body.cursor }),
    );
    expect(second.body.data.map((result) => result.id)).toEqual([created[2]?.id]);
    expect(second.body.cursor).toBeNull();
  });

  it("answers 10 results by default", async () => {
    for (let index = 0; index < 11; index++) {
      await createContact({ emails: [{ email: "many@example.com" }] });
    }
    const answer = await callApi<SearchAnswer>(
      "POST",
      "/data/search/",
      contactsByEmail("many@example.com"),
    );
    expect(answer.body.data).toHaveLength(10);
    expect(answer.body.cursor).not.toBeNull();
  });
});

describe("queries the simulator cannot evaluate", () => {
  const textCondition = (mode: string) => ({
    query: {
      type: "field_condition",
      field: { type: "regular_field", object_type: "contact", field_name: "title" },
      condition: { type: "text", mode, value: "CEO" },
    },
  });
  it.each([
    ["a text mode other than exact_value", textCondition("full_words")],
    ["an unknown query type", { query: { type: "saved_search", id: "save_x" } }],
    [
      "an unsupported relation",
      {
        query: {
          type: "has_related",
          this_object_type: "lead",
          related_object_type: "contact_phone",
          related_query: { type: "match_all" },
        },
      },
    ],
    [
      "a field that is not searchable",
      {
        query: {
          type: "field_condition",
          field: { type: "regular_field", object_type: "contact", field_name: "favourite_colour" },
          condition: { type: "text", mode: "exact_value", value: "blue" },
        },
      },
    ],
    ["an unknown top-level key", { ...contactsByEmail("a@example.com"), order: "name" }],
    ["a cursor the simulator never gave", contactsByEmail("a@example.com", { cursor: "bm9wZQ" })],
  ])("answers 400 in Close's error shape for %s", async (_, body) => {
    const answer = await callApi<ValidationErrorBody>("POST", "/data/search/", body);
    expect(answer.status).toBe(400);
    expect(answer.body["field-errors"]).toEqual({});
    expect(answer.body.errors).toHaveLength(1);
  });
});
