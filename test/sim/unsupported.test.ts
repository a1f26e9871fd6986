// No silent divergence: a query parameter or body field the simulator does not implement is
// refused with a 400 that says so, never ignored (an ignored filter would answer everything).
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  callApi,
  createContact,
  readSimulator,
  resetSimulator,
  type ValidationErrorBody,
} from "./helpers.ts";

type Fixture = { leadId: string; contactId: string; noteId: string };

// Ids that exist, so that each route gets as far as it would for a real request.
let fixture: Fixture;

async function createFixture(): Promise<Fixture> {
  const contact = await createContact({ name: "Ann", emails: [{ email: "ann@example.com" }] });
  const note = await callApi<{ id: string }>("POST", "/activity/note/", {
    lead_id: contact.lead_id,
    note: "Hello",
  });
  return { leadId: contact.lead_id, contactId: contact.id, noteId: note.body.id };
}

/** Everything stored, to prove a refused request changed nothing. */
async function readEverything() {
  return {
    contacts: await readSimulator("contacts"),
    leads: await readSimulator("leads"),
    notes: await readSimulator("notes"),
  };
}

const SEARCH = { query: { type: "match_all" } };

describe("query parameters a route does not implement", () => {
  beforeAll(async () => {
    await resetSimulator();
    fixture = await createFixture();
  });

  // [method, path (ids filled in from the fixture), body, the parameter refused]
  const cases: [string, (f: Fixture) => string, unknown, string][] = [
    ["GET", () => "/lead/?query=name:Acme", undefined, "query"],
    ["GET", () => "/lead/?status_id=stat_x", undefined, "status_id"],
    ["GET", () => "/lead/?_order_by=name", undefined, "_order_by"],
    ["POST", () => "/lead/?query=x", { name: "New" }, "query"],
    ["GET", (f) => `/lead/${f.leadId}/?query=x`, undefined, "query"],
    ["PUT", (f) => `/lead/${f.leadId}/?x=1`, { name: "Renamed" }, "x"],
    ["DELETE", (f) => `/lead/${f.leadId}/?_fields=id`, undefined, "_fields"],
    ["GET", () => "/contact/?query=ann", undefined, "query"],
    ["GET", () => "/contact/?email=ann@example.com", undefined, "email"],
    ["POST", () => "/contact/?lead_id=lead_x", { name: "New" }, "lead_id"],
    ["GET", (f) => `/contact/${f.contactId}/?lead_id=x`, undefined, "lead_id"],
    ["PUT", (f) => `/contact/${f.contactId}/?x=1`, { name: "Renamed" }, "x"],
    ["DELETE", (f) => `/contact/${f.contactId}/?x=1`, undefined, "x"],
    ["GET", () => "/activity/note/?user_id=user_x", undefined, "user_id"],
    ["GET", () => "/activity/note/?_type=Note", undefined, "_type"],
    ["GET", () => "/activity/note/?organization_id=orga_x", undefined, "organization_id"],
    ["GET", () => "/activity/note/?date_created__gte=2024-01-01", undefined, "date_created__gte"],
    ["GET", () => "/activity/note/?activity_at__lt=2024-01-01", undefined, "activity_at__lt"],
    ["POST", () => "/activity/note/?x=1", { lead_id: "lead_x", note: "More" }, "x"],
    ["GET", (f) => `/activity/note/${f.noteId}/?x=1`, undefined, "x"],
    ["PUT", (f) => `/activity/note/${f.noteId}/?x=1`, { note: "Changed" }, "x"],
    ["DELETE", (f) => `/activity/note/${f.noteId}/?x=1`, undefined, "x"],
    ["POST", () => "/data/search/?_limit=1", SEARCH, "_limit"],
    ["GET", () => "/custom_field/contact/?object_type=lead", undefined, "object_type"],
    ["GET", () => "/custom_field_schema/lead/?_fields=id", undefined, "_fields"],
  ];

  it.each(cases)(
    "refuses %s %s, naming the parameter, and changes nothing",
    async (method, path, body, name) => {
      const before = await readEverything();
      const answer = await callApi<ValidationErrorBody>(method, path(fixture), body);
      expect(answer.status).toBe(400);
      expect(answer.body["field-errors"]).toEqual({});
      expect(answer.body.errors).toEqual([
        expect.stringMatching(
          new RegExp(`^The simulator does not support the query parameter "${name}" on ${method}`),
        ),
      ]);
      expect(await readEverything()).toEqual(before);
    },
  );

  it.each([
    ["GET", (f: Fixture) => `/contact/?lead_id=${f.leadId}&lead_id=lead_other`],
    ["GET", () => "/lead/?_limit=1&_limit=2"],
  ])("refuses %s with a parameter given twice", async (method, path) => {
    const answer = await callApi<ValidationErrorBody>(method, path(fixture));
    expect(answer.status).toBe(400);
    expect(answer.body.errors[0]).toMatch(/given more than once/);
  });

  it("never quotes a refused parameter's value", async () => {
    const answer = await callApi("GET", "/lead/?query=secret-person@example.com");
    expect(JSON.stringify(answer.body)).not.toContain("secret-person");
  });

  it.each([
    ["GET", (f: Fixture) => `/contact/?lead_id=${f.leadId}&_limit=1&_skip=0&_fields=id`],
    ["GET", () => "/lead/?_limit=1&_skip=0&_fields=id"],
    ["GET", (f: Fixture) => `/lead/${f.leadId}/?_fields=id`],
    ["GET", (f: Fixture) => `/activity/note/?lead_id=${f.leadId}&contact_id=cont_x&_fields=id`],
    ["GET", (f: Fixture) => `/activity/note/?id__in=${f.noteId}&_limit=1&_skip=0`],
    ["GET", () => "/custom_field/lead/?_limit=1&_skip=0&_fields=id"],
  ])("still takes what it implements: %s %s", async (method, path) => {
    expect((await callApi(method, path(fixture))).status).toBe(200);
  });
});

describe("endpoints Close has that the simulator does not", () => {
  it.each([
    "/custom_field/opportunity/",
    "/custom_field/shared/cf_x/",
    "/custom_field_schema/opportunity/",
    "/custom_field_schema/activity/",
  ])("answers GET %s with a 400 saying so", async (path) => {
    const answer = await callApi<ValidationErrorBody>("GET", path);
    expect(answer.status).toBe(400);
    expect(answer.body.errors).toEqual([
      expect.stringMatching(/^The simulator does not support custom field(s of| schemas of) /),
    ]);
  });

  it.each([
    ["PUT", "/status/lead/stat_x/", "changing or deleting lead statuses"],
    ["POST", "/status/opportunity/", "creating opportunity statuses"],
    ["POST", "/custom_activity/", "creating custom activity types"],
    ["PUT", "/task/task_x/", "changing or deleting tasks"],
    ["DELETE", "/opportunity/oppo_x/", "changing or deleting opportunities"],
    ["PUT", "/activity/custom/acti_x/", "changing or deleting custom activities"],
    ["GET", "/unsubscribe/email/", "listing unsubscribed emails"],
  ])("answers %s %s with a 400 saying so", async (method, path, what) => {
    const answer = await callApi<ValidationErrorBody>(
      method,
      path,
      method === "GET" || method === "DELETE" ? undefined : {},
    );
    expect(answer.status).toBe(400);
    expect(answer.body.errors).toEqual([`The simulator does not support ${what}.`]);
  });

  it("answers 404 for an object type Close does not have", async () => {
    expect((await callApi("GET", "/custom_field/widget/")).status).toBe(404);
  });
});

describe("body fields Close documents that the simulator does not implement", () => {
  beforeEach(async () => {
    await resetSimulator();
    fixture = await createFixture();
  });

  it.each(["attachments", "created_by_id", "date_created", "organization_id", "user_id"])(
    "refuses %s on a new note",
    async (field) => {
      const answer = await callApi<ValidationErrorBody>("POST", "/activity/note/", {
        lead_id: fixture.leadId,
        note: "With extras",
        [field]: field === "attachments" ? [] : "x",
      });
      expect(answer.status).toBe(400);
      expect(answer.body["field-errors"]).toEqual({
        [field]: "The simulator does not support this field.",
      });
      expect(await readSimulator("notes")).toHaveLength(1);
    },
  );

  it("refuses attachments on a note update", async () => {
    const answer = await callApi<ValidationErrorBody>("PUT", `/activity/note/${fixture.noteId}/`, {
      attachments: [],
    });
    expect(answer.status).toBe(400);
    expect(answer.body["field-errors"]).toEqual({
      attachments: "The simulator does not support this field.",
    });
  });

  it.each([
    [
      "sort",
      { sort: [{ direction: "asc", field: { type: "regular_field", field_name: "name" } }] },
    ],
    ["results_limit", { results_limit: 5 }],
    ["include_counts", { include_counts: true }],
  ])("refuses %s in a search", async (key, extra) => {
    const answer = await callApi<ValidationErrorBody>("POST", "/data/search/", {
      ...SEARCH,
      ...extra,
    });
    expect(answer.status).toBe(400);
    expect(answer.body.errors).toEqual([
      expect.stringMatching(new RegExp(`^The simulator does not support ${key} in a search`)),
    ]);
  });
});
