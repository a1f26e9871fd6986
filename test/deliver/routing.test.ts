// Routing in Close through the Worker and the queue consumer, against the simulator: the new
// lead's status, source and owner, the follow-up task, the form-submission activity, the
// booking's opportunity, consent; a missing name as a dead letter; nothing twice on a retry.
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { loadSubmission } from "../../src/store/submissions.ts";
import { shippedSources } from "../helpers/bridge.ts";
import { queueHarness } from "../helpers/queue.ts";
import { resetWorld } from "../helpers/reset.ts";
import {
  closeApi,
  customFieldId,
  type SimRecord,
  simContacts,
  simCustomActivities,
  simLeads,
  simNotes,
  simOpportunities,
  simRequests,
  simTasks,
} from "../helpers/sim.ts";

beforeEach(resetWorld);

/** sim/wrangler.toml's users, statuses and the "Form submission" activity type. */
const RILEY = "user_xEEsAoCaA2QTqpOoast0vQj8VMtbYo9Mqb5jZMQObDD";
const SAM = "user_MOTsoYtxqAYfwFBHPl8KsLcsf1YaHxpFjttuDDekSEU";
const JORDAN = "user_2aC13Fa61ESYhD1NfFPb9jTo6z5xcIcQPzMuEGQ80YR";
const POTENTIAL = "stat_SimuLat0rPotentia1StatusXXXXXXXXXXXXXXXXXXX";
const QUALIFIED = "stat_SimuLat0rQua1ifiedStatusXXXXXXXXXXXXXXXXXXX";
const CUSTOMER = "stat_SimuLat0rCustomerStatusXXXXXXXXXXXXXXXXXXXX";
const FORM_SUBMISSION = "actitype_lgmbf7xUsP0P9gjcl7NSWS";
const ACTIVITY_FIELD = {
  source: "custom.cf_hU8WownKBfl7fDf4cKjjRUXkXnAcWwhR3zAqhNyMmwV",
  pageUrl: "custom.cf_CxBbwm0fn8yA4YdLnAXUQJvcHzwbPjAp9ukzdyc3zO2",
  consent: "custom.cf_v4zr83Cs1Ynr9aESaUm3fZAj9Lo7vAKXgV1r41YWauk",
  message: "custom.cf_xALsxWnkPmZUHcIfraTbJg2V1rmghFFwba4eTqRA3hv",
  submissionId: "custom.cf_AMEy7pMmtkoQllyV9w9ejbPnWj7WZOAfSq8806s4BvS",
};
const LEAD_SOURCE = `custom.${customFieldId("lead", "Lead source")}`;
const LEAD_OWNER = `custom.${customFieldId("lead", "Lead owner")}`;
const UTM_SOURCE = `custom.${customFieldId("lead", "UTM source")}`;
const CONSENT = `custom.${customFieldId("contact", "Marketing consent")}`;

const FORM_HEADERS = {
  origin: "http://127.0.0.1:8789",
  accept: "application/json",
  "content-type": "application/x-www-form-urlencoded",
};

/** The shipped sources, with overrides for one of them. */
function shipped(overrides: Record<string, Record<string, unknown>> = {}) {
  const sources = shippedSources();
  for (const [name, options] of Object.entries(overrides)) {
    sources[name] = { ...sources[name], ...options };
  }
  return queueHarness({ SOURCES: sources });
}

type Harness = ReturnType<typeof shipped>;

/** Posts the example form's fields to the website source; answers the submission id. */
async function postForm(h: Harness, fields: Record<string, string>): Promise<string> {
  const response = await h.fetch("/v1/hooks/website", {
    method: "POST",
    headers: FORM_HEADERS,
    body: new URLSearchParams(fields),
  });
  expect(response.status).toBeLessThan(300);
  return ((await response.json()) as { id: string }).id;
}

// Each with the id the example form's script gives a page view (the source's dedupe_key).
const ada = {
  idempotency_key: "6f1c2a9e0b7d4e3f8a5c1b2d3e4f5a6b",
  name: "Ada Lovelace",
  email: "ada@analytical.example",
  company: "Analytical Engines",
  message: "A demo, please",
  consent: "yes",
  utm_source: "newsletter",
  page_url: "https://www.analytical.example/pricing",
};
const grace = {
  idempotency_key: "0a9b8c7d6e5f4a3b2c1d0e9f8a7b6c5d",
  name: "Grace Hopper",
  email: "grace@cobol.example",
  company: "COBOL Inc",
  message: "Pricing for 40 seats",
};

const leadOf = (leads: SimRecord[], name: string) => leads.find((lead) => lead.name === name);

describe("the example website source routes each new lead in Close", () => {
  it("gives two people of two companies two leads in Qualified (not the default status), with their source, two owners in turn, a task each for its owner and a form-submission activity each; posting again makes none of it twice", async () => {
    const h = shipped();
    const first = await postForm(h, ada);
    const second = await postForm(h, grace);
    expect((await h.drain()).left).toBe(0);

    const leads = await simLeads();
    expect(leads.map((lead) => lead.name).sort()).toEqual(["Analytical Engines", "COBOL Inc"]);
    // A lead created without a status gets the organization's first: the status was applied.
    const statuses = (await closeApi("GET", "/status/lead/")).data as { id: string }[];
    expect(statuses[0]?.id).toBe(POTENTIAL);
    for (const lead of leads) {
      expect(lead).toMatchObject({ status_id: QUALIFIED, status_label: "Qualified" });
      expect(lead[LEAD_SOURCE]).toBe("Website form");
    }
    const adaLead = leadOf(leads, "Analytical Engines");
    const graceLead = leadOf(leads, "COBOL Inc");
    expect(adaLead?.[UTM_SOURCE]).toBe("newsletter");
    // The first submission took the rotation's first turn, the second its second.
    expect([adaLead?.[LEAD_OWNER], graceLead?.[LEAD_OWNER]]).toEqual([RILEY, SAM]);

    const tasks = await simTasks();
    expect(tasks).toHaveLength(2);
    for (const lead of [adaLead, graceLead]) {
      const [task, ...more] = tasks.filter((t) => t.lead_id === lead?.id);
      expect(more).toEqual([]);
      expect(task).toMatchObject({ is_complete: false, assigned_to: lead?.[LEAD_OWNER] });
    }
    const adaTask = tasks.find((t) => t.lead_id === adaLead?.id);
    expect(adaTask?.text).toBe(
      `Call Ada Lovelace about A demo, please\n\nclose-bridge submission ${first} (source: website)`,
    );
    const received = (await loadSubmission(env.DB, first))?.received_at ?? 0;
    expect(Date.parse(String(adaTask?.date))).toBe(received + 2 * 3_600_000);

    const activities = await simCustomActivities();
    expect(activities).toHaveLength(2);
    expect(activities.find((a) => a.lead_id === adaLead?.id)).toMatchObject({
      custom_activity_type_id: FORM_SUBMISSION,
      status: "published",
      [ACTIVITY_FIELD.source]: "Website form",
      [ACTIVITY_FIELD.pageUrl]: "https://www.analytical.example/pricing",
      [ACTIVITY_FIELD.consent]: "Yes",
      [ACTIVITY_FIELD.message]: "A demo, please",
      [ACTIVITY_FIELD.submissionId]: first,
    });
    expect(activities.find((a) => a.lead_id === graceLead?.id)).toMatchObject({
      [ACTIVITY_FIELD.consent]: "No",
      [ACTIVITY_FIELD.submissionId]: second,
    });
    // The note is kept beside the activity.
    expect(await simNotes()).toHaveLength(2);
    const contacts = await simContacts();
    expect(contacts.find((c) => c.name === "Ada Lovelace")?.[CONSENT]).toBe("Yes");
    expect(contacts.find((c) => c.name === "Grace Hopper")?.[CONSENT]).toBe("No");

    // The same two forms sent again (a reload): the same submissions, and nothing new in Close.
    const writes = (await simRequests()).filter((r) => r.method !== "GET").length;
    expect(await postForm(h, ada)).toBe(first);
    expect(await postForm(h, grace)).toBe(second);
    await h.drain();
    expect((await simRequests()).filter((r) => r.method !== "GET")).toHaveLength(writes);
    expect(await simLeads()).toHaveLength(2);
    expect(await simTasks()).toHaveLength(2);
    expect(await simCustomActivities()).toHaveLength(2);
    const turns = await env.DB.prepare(
      "SELECT turns FROM owner_rotations WHERE name = 'website'",
    ).first<{ turns: number }>();
    expect(turns?.turns).toBe(2);

    // The admin API shows what routing recorded.
    const detail = await h.fetch(`/v1/admin/submissions/${first}`, {
      headers: { authorization: `Bearer ${env.ADMIN_TOKEN}` },
    });
    expect(((await detail.json()) as { routing: unknown }).routing).toEqual({
      lead_new: true,
      lead_done: true,
      owner_turn: 1,
      owner_id: RILEY,
      contact_done: true,
      activity_id: activities.find((a) => a.lead_id === adaLead?.id)?.id,
      task_id: adaTask?.id,
    });
  });

  it("keeps the owner and status of a company's existing lead, and gives its owner the task", async () => {
    const existing = await closeApi("POST", "/lead/", {
      name: "Analytical Engines",
      status_id: CUSTOMER,
      [LEAD_OWNER]: JORDAN,
      [LEAD_SOURCE]: "Referral",
    });
    const h = shipped();
    await postForm(h, ada);
    await h.drain();
    const [lead, ...others] = await simLeads();
    expect(others).toEqual([]);
    expect(lead).toMatchObject({
      id: existing.id,
      status_id: CUSTOMER,
      [LEAD_OWNER]: JORDAN,
      [LEAD_SOURCE]: "Referral",
      // Empty fields are filled: its UTM source was not set.
      [UTM_SOURCE]: "newsletter",
    });
    expect(await simTasks()).toEqual([expect.objectContaining({ assigned_to: JORDAN })]);
    const turns = await env.DB.prepare("SELECT COUNT(*) AS n FROM owner_rotations").first<{
      n: number;
    }>();
    expect(turns?.n).toBe(0);
  });

  it("sends no status change for a new lead when the status is the organization's default", async () => {
    const website = shippedSources().website as { lead: object };
    const h = shipped({ website: { lead: { ...website.lead, status: "Potential" } } });
    await postForm(h, ada);
    await h.drain();
    expect(await simLeads()).toEqual([expect.objectContaining({ status_id: POTENTIAL })]);
    const puts = (await simRequests()).filter((r) => r.method === "PUT" && /\/lead\//.test(r.path));
    expect(puts).toHaveLength(1);
    expect(puts[0]?.body).not.toHaveProperty("status_id");
  });

  it("moves an existing lead to the status with status_on_update", async () => {
    const existing = await closeApi("POST", "/lead/", {
      name: "Analytical Engines",
      status_id: CUSTOMER,
    });
    const h = shipped({
      website: { lead: { ...(shippedSources().website?.lead as object), status_on_update: true } },
    });
    await postForm(h, ada);
    await h.drain();
    expect(await simLeads()).toEqual([
      expect.objectContaining({ id: existing.id, status_id: QUALIFIED }),
    ]);
  });
});

describe("owners", () => {
  it("takes a different turn for each of two deliveries at once", async () => {
    const h = shipped();
    const ids = [await postForm(h, ada), await postForm(h, grace)];
    // One batch of two: the consumer delivers them side by side (CONSUMER_CONCURRENCY).
    const { acked } = await h.consume(ids.map((id) => ({ id })));
    expect(acked.sort()).toEqual([...ids].sort());
    const owners = (await simLeads()).map((lead) => lead[LEAD_OWNER]);
    expect(owners.sort()).toEqual([RILEY, SAM].sort());
  });

  it("picks the users a field's value maps to, and the rotation for values not mapped", async () => {
    const h = shipped({
      website: {
        owner: {
          by: "region",
          map: { EMEA: "jordan@example.com" },
          users: ["riley@example.com", "sam@example.com"],
        },
      },
    });
    await postForm(h, { ...ada, region: "emea" });
    await postForm(h, { ...grace, region: "Americas" });
    await h.drain();
    const leads = await simLeads();
    expect(leadOf(leads, "Analytical Engines")?.[LEAD_OWNER]).toBe(JORDAN);
    expect(leadOf(leads, "COBOL Inc")?.[LEAD_OWNER]).toBe(RILEY);
  });
});

describe("sources that route otherwise", () => {
  it("writes the activity instead of the note with activity.note = instead", async () => {
    const website = shippedSources().website as { activity: Record<string, unknown> };
    const h = shipped({ website: { activity: { ...website.activity, note: "instead" } } });
    await postForm(h, ada);
    await h.drain();
    expect(await simNotes()).toEqual([]);
    expect(await simCustomActivities()).toHaveLength(1);
  });

  it("unsubscribes the emails of a person who leaves the consent box unticked, when the source says so", async () => {
    const website = shippedSources().website as { consent: Record<string, unknown> };
    const h = shipped({
      website: { consent: { ...website.consent, unsubscribe_when_unchecked: true } },
    });
    await postForm(h, grace);
    await postForm(h, ada);
    await h.drain();
    const contacts = await simContacts();
    const emailsOf = (name: string) => contacts.find((c) => c.name === name)?.emails;
    expect(emailsOf("Grace Hopper")).toEqual([expect.objectContaining({ is_unsubscribed: true })]);
    expect(emailsOf("Ada Lovelace")).toEqual([expect.objectContaining({ is_unsubscribed: false })]);
    const unsubscribes = (await simRequests()).filter(
      (r) => r.path === "/api/v1/unsubscribe/email/",
    );
    expect(unsubscribes.map((r) => r.body)).toEqual([{ email: "grace@cobol.example" }]);
  });

  it("makes a booking's opportunity in the named status, with its value in cents, the meeting in its note and the lead's owner", async () => {
    const h = shipped({
      json_bookings: {
        preset: "json",
        allow_unprotected: true,
        dedupe_key: "id",
        lead: { source: "{channel}" },
        owner: { users: ["sam@example.com"] },
        opportunity: {
          status: "Active",
          value: 1499.5,
          confidence: 60,
          note: "Demo on {start|a date to agree}",
        },
      },
    });
    const response = await h.fetch("/v1/hooks/json_bookings", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        id: "b-1",
        email: "ada@analytical.example",
        company: "Analytical Engines",
        channel: "Referral",
        start: "2030-01-05T10:00:00Z",
      }),
    });
    const { id } = (await response.json()) as { id: string };
    await h.drain();
    const [lead] = await simLeads();
    expect(lead?.[LEAD_SOURCE]).toBe("Referral");
    expect(await simOpportunities()).toEqual([
      expect.objectContaining({
        lead_id: lead?.id,
        status_label: "Active",
        value: 149950,
        value_formatted: "$1,499.50",
        confidence: 60,
        user_id: SAM,
        note: `Demo on 2030-01-05T10:00:00Z\n\nclose-bridge submission ${id} (source: json_bookings)`,
      }),
    ]);
  });
});

describe("a name Close lacks", () => {
  it("dead-letters the submission with a reason that names it and the fix, and a replay delivers once it exists", async () => {
    const website = shippedSources().website as { lead: Record<string, unknown> };
    const h = shipped({ website: { lead: { ...website.lead, status: "Inbound" } } });
    const id = await postForm(h, ada);
    await h.drain();
    const dead = await loadSubmission(env.DB, id);
    expect(dead).toMatchObject({ status: "dead", last_error_code: "close_name_missing" });
    expect(dead?.last_error_message).toBe(
      'GET /status/lead/: Close has no lead status "Inbound" (source "website", lead.status). Add the lead status "Inbound" in Close (Settings > Statuses & Pipelines > Lead Statuses), or name an existing one. `npm run doctor` checks every name.',
    );
    expect(h.deadLetters).toEqual([expect.objectContaining({ id })]);
    // The contact and lead were made before routing stopped; the replay routes them, once.
    await closeApi("POST", "/status/lead/", { label: "Inbound" });
    const replay = await h.fetch(`/v1/admin/submissions/${id}/replay`, {
      method: "POST",
      headers: { authorization: `Bearer ${env.ADMIN_TOKEN}` },
    });
    expect(replay.status).toBe(202);
    await h.drain();
    const after = await loadSubmission(env.DB, id);
    expect(after, JSON.stringify(after)).toMatchObject({ status: "delivered" });
    expect(await simLeads()).toEqual([expect.objectContaining({ status_label: "Inbound" })]);
    expect(await simContacts()).toHaveLength(1);
    expect(await simNotes()).toHaveLength(1);
    expect(await simTasks()).toHaveLength(1);
  });
});
