// Search lags writes (`search_lag_ms`): searches and the lead listing see each write late and
// in order, with the previous state until then, while reads by id and by lead stay current.
import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import type { Contact, LeadRecord } from "../../sim/src/records/types.ts";
import { ContactStore } from "../../sim/src/store/contacts.ts";
import { LeadStore } from "../../sim/src/store/leads.ts";
import { clearAllTables, createSchema, DATABASE_TABLES } from "../../sim/src/store/schema.ts";
import { SearchIndex } from "../../sim/src/store/search-index.ts";
import {
  callApi,
  contactsByEmail,
  createContact,
  createLead,
  leadsByName,
  resetSimulator,
  sendToSimulator,
  setFaults,
} from "./helpers.ts";

type SearchAnswer = { data: { id: string; emails?: { email: string }[]; name?: string }[] };
type ListAnswer = { data: { id: string }[] };

// Long enough that no machine, however slow, sees a write reach the index during a test.
const LONG_LAG_MS = 600_000;

/** Searches contacts by one email, reading their ids, lead ids and emails. */
async function searchContactsByEmail(email: string): Promise<SearchAnswer["data"]> {
  const answer = await callApi<SearchAnswer>("POST", "/data/search/", contactsByEmail(email));
  expect(answer.status).toBe(200);
  return answer.body.data;
}

/** Searches leads by their exact name. */
async function searchLeadsByName(name: string): Promise<SearchAnswer["data"]> {
  const answer = await callApi<SearchAnswer>("POST", "/data/search/", leadsByName(name));
  expect(answer.status).toBe(200);
  return answer.body.data;
}

const ids = (found: { id: string }[]) => found.map((item) => item.id);

beforeEach(resetSimulator);

describe("with search_lag_ms, over the API", () => {
  it("hides a new contact and lead from search and the lead listing, not from reads by id", async () => {
    await setFaults({ search_lag_ms: LONG_LAG_MS });
    const contact = await createContact({ name: "Ann", emails: [{ email: "ann@example.com" }] });

    expect(await searchContactsByEmail("ann@example.com")).toEqual([]);
    expect(await searchLeadsByName("Ann")).toEqual([]);
    expect((await callApi<ListAnswer>("GET", "/lead/")).body.data).toEqual([]);

    const byId = await callApi<Contact>("GET", `/contact/${contact.id}/`);
    expect(byId.body.emails).toEqual(contact.emails);
    const lead = await callApi<{ contacts: Contact[] }>("GET", `/lead/${contact.lead_id}/`);
    expect(ids(lead.body.contacts)).toEqual([contact.id]);
    const ofLead = await callApi<ListAnswer>("GET", `/contact/?lead_id=${contact.lead_id}`);
    expect(ids(ofLead.body.data)).toEqual([contact.id]);
    expect(ids((await callApi<ListAnswer>("GET", "/contact/")).body.data)).toEqual([contact.id]);
  });

  it("shows a changed contact's previous emails to search until the lag has passed", async () => {
    const contact = await createContact({ emails: [{ email: "old@example.com" }] });
    await setFaults({ search_lag_ms: LONG_LAG_MS });
    const changed = await callApi("PUT", `/contact/${contact.id}/`, {
      emails: [{ email: "new@example.com" }],
    });
    expect(changed.status).toBe(200);

    expect(await searchContactsByEmail("old@example.com")).toEqual([
      {
        __object_type: "contact",
        id: contact.id,
        lead_id: contact.lead_id,
        emails: contact.emails,
      },
    ]);
    expect(await searchContactsByEmail("new@example.com")).toEqual([]);
    const byId = await callApi<Contact>("GET", `/contact/${contact.id}/`);
    expect(byId.body.emails.map((email) => email.email)).toEqual(["new@example.com"]);

    await setFaults({});
    expect(await searchContactsByEmail("old@example.com")).toEqual([]);
    expect(ids(await searchContactsByEmail("new@example.com"))).toEqual([contact.id]);
  });

  it("shows a renamed lead under its previous name until the lag has passed", async () => {
    const lead = await createLead({ name: "Acme" });
    await setFaults({ search_lag_ms: LONG_LAG_MS });
    await callApi("PUT", `/lead/${lead.id}/`, { name: "Acme Corp" });

    expect(await searchLeadsByName("Acme")).toEqual([
      { __object_type: "lead", id: lead.id, name: "Acme" },
    ]);
    expect(await searchLeadsByName("Acme Corp")).toEqual([]);
    const byId = await callApi<{ name: string }>("GET", `/lead/${lead.id}/`);
    expect(byId.body.name).toBe("Acme Corp");
  });

  it("still finds deleted contacts and leads until the lag has passed", async () => {
    const lead = await createLead({
      name: "Gone Inc",
      contacts: [{ name: "Gone", emails: [{ email: "gone@example.com" }] }],
    });
    const contact = await createContact({ emails: [{ email: "deleted@example.com" }] });
    await setFaults({ search_lag_ms: LONG_LAG_MS });
    expect((await callApi("DELETE", `/lead/${lead.id}/`)).status).toBe(200);
    expect((await callApi("DELETE", `/contact/${contact.id}/`)).status).toBe(200);

    expect(ids(await searchLeadsByName("Gone Inc"))).toEqual([lead.id]);
    expect(ids(await searchContactsByEmail("gone@example.com"))).toEqual(lead.contact_ids);
    expect(ids(await searchContactsByEmail("deleted@example.com"))).toEqual([contact.id]);
    expect((await callApi("GET", `/contact/${contact.id}/`)).status).toBe(404);
    expect((await callApi("GET", `/lead/${lead.id}/`)).status).toBe(404);

    await setFaults({});
    expect(await searchLeadsByName("Gone Inc")).toEqual([]);
    expect(await searchContactsByEmail("gone@example.com")).toEqual([]);
    expect(await searchContactsByEmail("deleted@example.com")).toEqual([]);
  });

  it("shows the write once search_lag_ms has passed, and not before", async () => {
    const lagMs = 400;
    await setFaults({ search_lag_ms: lagMs });
    const writtenBefore = Date.now();
    const contact = await createContact({ emails: [{ email: "later@example.com" }] });

    let found = await searchContactsByEmail("later@example.com");
    for (let poll = 0; poll < 200 && found.length === 0; poll++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      found = await searchContactsByEmail("later@example.com");
    }
    // A lower bound only: however slow the machine, the write cannot show earlier.
    expect(Date.now() - writtenBefore).toBeGreaterThanOrEqual(lagMs);
    expect(ids(found)).toEqual([contact.id]);
  });

  it("brings pending writes forward when the lag is lowered, and reset forgets them", async () => {
    await setFaults({ search_lag_ms: LONG_LAG_MS });
    const first = await createContact({ emails: [{ email: "first@example.com" }] });
    await setFaults({ search_lag_ms: 0 });
    expect(ids(await searchContactsByEmail("first@example.com"))).toEqual([first.id]);

    await setFaults({ search_lag_ms: LONG_LAG_MS });
    await createContact({ emails: [{ email: "second@example.com" }] });
    await resetSimulator();
    expect(await searchContactsByEmail("second@example.com")).toEqual([]);
    expect(ids(await searchContactsByEmail("first@example.com"))).toEqual([]);
  });

  it("answers the active lag in the faults", async () => {
    await setFaults({ search_lag_ms: 3000 });
    const active = (await (await sendToSimulator("/__sim/faults")).json()) as Record<
      string,
      unknown
    >;
    expect(active.search_lag_ms).toBe(3000);
  });
});

describe("the search index, on an injected clock", () => {
  /** A database and an index over a Durable Object of their own, with a clock the test moves. */
  async function withIndex(
    run: (parts: {
      sql: SqlStorage;
      contacts: ContactStore;
      leads: LeadStore;
      index: SearchIndex;
      clock: { now: number; lagMs: number };
    }) => void,
  ): Promise<void> {
    const stub = env.ORGANIZATION.get(env.ORGANIZATION.idFromName("search-index-unit"));
    await runInDurableObject(stub, (_instance, state) => {
      const sql = state.storage.sql;
      createSchema(sql);
      clearAllTables(sql);
      const clock = { now: 1_000_000, lagMs: 0 };
      const index = new SearchIndex(sql, { readLagMs: () => clock.lagMs, now: () => clock.now });
      const record = index.record.bind(index);
      run({
        sql,
        contacts: new ContactStore(sql, DATABASE_TABLES, record),
        leads: new LeadStore(sql, DATABASE_TABLES, record),
        index,
        clock,
      });
    });
  }

  const contact = (id: string, email: string): Contact => ({
    id,
    lead_id: "lead_a",
    organization_id: "orga_x",
    name: null,
    display_name: email,
    title: null,
    emails: [{ email, type: "office", is_unsubscribed: false }],
    phones: [],
    urls: [],
    created_by: "user_x",
    updated_by: "user_x",
    date_created: "2024-01-01T00:00:00.000000+00:00",
    date_updated: "2024-01-01T00:00:00.000000+00:00",
  });

  /** The emails of a contact as the index has it after catching up (null: not indexed). */
  function indexedEmails(index: SearchIndex, id: string): string[] | null {
    index.catchUp();
    return index.contacts.find(id)?.emails.map((email) => email.email) ?? null;
  }

  it("indexes at once with no lag", async () => {
    await withIndex(({ contacts, index }) => {
      contacts.insert(contact("cont_1", "a@example.com"));
      expect(index.countPending()).toBe(0);
      expect(indexedEmails(index, "cont_1")).toEqual(["a@example.com"]);
    });
  });

  it.each([
    ["a new contact", "insert", null, ["b@example.com"]],
    ["a changed contact", "replace", ["a@example.com"], ["b@example.com"]],
    ["a deleted contact", "delete", ["a@example.com"], null],
  ] as const)(
    "keeps %s as it was until exactly the lag has passed",
    async (_, write, before, after) => {
      await withIndex(({ contacts, index, clock }) => {
        if (write !== "insert") contacts.insert(contact("cont_1", "a@example.com"));
        clock.lagMs = 5000;
        if (write === "delete") contacts.delete("cont_1");
        else contacts[write](contact("cont_1", "b@example.com"));

        clock.now += 4999;
        expect(indexedEmails(index, "cont_1")).toEqual(before);
        clock.now += 1;
        expect(indexedEmails(index, "cont_1")).toEqual(after);
        expect(index.countPending()).toBe(0);
      });
    },
  );

  it("applies writes in the order they were made, even when the lag shrinks in between", async () => {
    await withIndex(({ contacts, index, clock }) => {
      clock.lagMs = 5000;
      contacts.insert(contact("cont_1", "first@example.com"));
      clock.now += 10;
      clock.lagMs = 0;
      contacts.replace(contact("cont_1", "second@example.com"));
      // The second write may not overtake the first: neither is visible yet.
      expect(indexedEmails(index, "cont_1")).toBeNull();
      clock.now += 4990;
      expect(indexedEmails(index, "cont_1")).toEqual(["second@example.com"]);
    });
  });

  it("indexes a lead's rename late like a contact's change", async () => {
    await withIndex(({ leads, index, clock }) => {
      const lead: LeadRecord = {
        id: "lead_a",
        name: "Acme",
        description: "",
        url: null,
        status_id: "stat_x",
        status_label: "Potential",
        addresses: [],
        organization_id: "orga_x",
        html_url: "https://app.close.com/lead/lead_a/",
        created_by: "user_x",
        updated_by: "user_x",
        created_by_name: "x",
        updated_by_name: "x",
        date_created: "2024-01-01T00:00:00.000000+00:00",
        date_updated: "2024-01-01T00:00:00.000000+00:00",
      };
      leads.insert(lead);
      clock.lagMs = 1000;
      leads.replace({ ...lead, name: "Acme Corp" });
      index.catchUp();
      expect(index.source.idsWithField("lead", "name", "acme")).toEqual(["lead_a"]);
      expect(index.source.idsWithField("lead", "name", "acme corp")).toEqual([]);
      clock.now += 1000;
      index.catchUp();
      expect(index.source.idsWithField("lead", "name", "acme")).toEqual([]);
      expect(index.source.idsWithField("lead", "name", "acme corp")).toEqual(["lead_a"]);
    });
  });

  it("brings pending writes forward to the new lag, never later", async () => {
    await withIndex(({ contacts, index, clock }) => {
      clock.lagMs = 60_000;
      contacts.insert(contact("cont_1", "a@example.com"));
      index.shortenLag(1000);
      clock.now += 999;
      expect(indexedEmails(index, "cont_1")).toBeNull();
      index.shortenLag(120_000);
      clock.now += 1;
      expect(indexedEmails(index, "cont_1")).toEqual(["a@example.com"]);
    });
  });

  it("fills a never-filled index from the database once", async () => {
    await withIndex(({ sql, index }) => {
      // Written without telling the index, as by a simulator from before the index existed.
      const unindexed = new ContactStore(sql);
      unindexed.insert(contact("cont_1", "a@example.com"));
      expect(indexedEmails(index, "cont_1")).toBeNull();

      index.fillFromDatabase();
      expect(indexedEmails(index, "cont_1")).toEqual(["a@example.com"]);
      expect(index.source.idsWithField("contact_email", "email", "a@example.com")).toHaveLength(1);

      unindexed.insert(contact("cont_2", "b@example.com"));
      index.fillFromDatabase();
      expect(indexedEmails(index, "cont_2")).toBeNull();
    });
  });
});
