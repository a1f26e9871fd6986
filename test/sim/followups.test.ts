// What follows a lead in Close: tasks, custom activities of a type, opportunities and the
// unsubscribe list, with the rules and quirks close-routing.md gathers.
import { beforeEach, describe, expect, it } from "vitest";
import {
  type Contact,
  callApi,
  createContact,
  createLead,
  ORGANIZATION,
  readSimulator,
  resetSimulator,
  type ValidationErrorBody,
} from "./helpers.ts";

type Page<T> = { data: T[]; has_more: boolean };
type Task = Record<string, unknown> & { id: string; text: string; view: string };

let leadId: string;
let contactId: string;

beforeEach(async () => {
  await resetSimulator();
  const lead = await createLead({
    name: "Acme",
    contacts: [{ name: "Ada", emails: [{ email: "ada@acme.example" }] }],
  });
  leadId = lead.id;
  contactId = lead.contacts[0]?.id ?? "";
});

const isoDay = (offsetDays: number) =>
  new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);

describe("tasks", () => {
  it("creates a lead task assigned to a user, with a date and time, and lists it by lead", async () => {
    const created = await callApi<Task>("POST", "/task/", {
      _type: "lead",
      lead_id: leadId,
      assigned_to: ORGANIZATION.riley.id,
      text: "Call Ada",
      date: "2030-01-05T10:00:00+01:00",
    });
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({
      id: expect.stringMatching(/^task_/),
      _type: "lead",
      lead_id: leadId,
      lead_name: "Acme",
      assigned_to: ORGANIZATION.riley.id,
      assigned_to_name: "Riley Chen",
      text: "Call Ada",
      date: "2030-01-05T09:00:00.000000+00:00",
      is_complete: false,
      is_dateless: false,
      view: "future",
    });
    const listed = await callApi<Page<Task>>("GET", `/task/?lead_id=${leadId}`);
    expect(listed.body.data.map((task) => task.id)).toEqual([created.body.id]);
    const lead = await callApi<{ tasks: Task[] }>("GET", `/lead/${leadId}/`);
    expect(lead.body.tasks.map((task) => task.id)).toEqual([created.body.id]);
  });

  it("assigns a task without assigned_to to the API user", async () => {
    const created = await callApi<Task>("POST", "/task/", {
      _type: "lead",
      lead_id: leadId,
      text: "x",
    });
    expect(created.body).toMatchObject({
      assigned_to: ORGANIZATION.apiUser.id,
      is_dateless: true,
      view: "inbox",
    });
  });

  it.each([
    ["no _type", { lead_id: "LEAD", text: "x" }, "_type"],
    ["a _type that cannot be created", { _type: "email", lead_id: "LEAD" }, "_type"],
    ["an outgoing_call task (not simulated)", { _type: "outgoing_call", lead_id: "LEAD" }, "_type"],
    ["no lead_id", { _type: "lead", text: "x" }, "lead_id"],
    ["an unknown lead", { _type: "lead", lead_id: "lead_nope" }, "lead"],
    [
      "an unknown user",
      { _type: "lead", lead_id: "LEAD", assigned_to: "user_nope" },
      "assigned_to",
    ],
    ["a date that is not one", { _type: "lead", lead_id: "LEAD", date: "soon" }, "date"],
    [
      "a field the simulator lacks",
      { _type: "lead", lead_id: "LEAD", priority: "high" },
      "priority",
    ],
    ["an unknown field", { _type: "lead", lead_id: "LEAD", owner: "x" }, "owner"],
  ])("refuses a task with %s", async (_, body, field) => {
    const withLead = JSON.parse(JSON.stringify(body).replace("LEAD", leadId));
    const answer = await callApi<ValidationErrorBody>("POST", "/task/", withLead);
    expect(answer.status).toBe(400);
    expect(Object.keys(answer.body["field-errors"])).toEqual([field]);
    expect(await readSimulator("tasks")).toEqual([]);
  });

  it("filters by assignee, completion, view and date, and lists only lead tasks without _type", async () => {
    const make = (text: string, date: string | null, assignee: string) =>
      callApi<Task>("POST", "/task/", {
        _type: "lead",
        lead_id: leadId,
        text,
        assigned_to: assignee,
        ...(date ? { date } : {}),
      });
    await make("today", isoDay(0), ORGANIZATION.riley.id);
    await make("next week", isoDay(7), ORGANIZATION.sam.id);
    await make("done", isoDay(-1), ORGANIZATION.riley.id).then(() =>
      callApi("POST", "/task/", {
        _type: "lead",
        lead_id: leadId,
        text: "closed",
        is_complete: true,
      }),
    );
    const texts = async (query: string) =>
      (await callApi<Page<Task>>("GET", `/task/?${query}`)).body.data.map((task) => task.text);
    expect(await texts(`assigned_to=${ORGANIZATION.sam.id}`)).toEqual(["next week"]);
    expect(await texts("is_complete=true")).toEqual(["closed"]);
    expect(await texts("view=inbox")).toEqual(["today", "done"]);
    expect(await texts("view=future")).toEqual(["next week"]);
    expect(await texts("view=archive")).toEqual(["closed"]);
    expect(await texts(`date__gte=${isoDay(1)}`)).toEqual(["next week"]);
    expect(await texts("_order_by=-date&is_complete=false")).toEqual([
      "next week",
      "today",
      "done",
    ]);
    expect(await texts("_type=all")).toHaveLength(4);
    expect(await texts("_type=outgoing_call")).toEqual([]);
  });

  it("refuses list filters it does not implement", async () => {
    const answer = await callApi<ValidationErrorBody>("GET", "/task/?due_date__lt=2030-01-01");
    expect(answer.status).toBe(400);
    expect(answer.body.errors[0]).toMatch(/does not support the query parameter "due_date__lt"/);
  });
});

type Activity = Record<string, unknown> & { id: string; lead_id: string };

describe("custom activities", () => {
  it("lists the types with their fields' metadata but not their choices", async () => {
    const answer = await callApi<{ data: Record<string, unknown>[] }>("GET", "/custom_activity/");
    expect(answer.body.data).toHaveLength(1);
    const type = answer.body.data[0] as { name: string; fields: Record<string, unknown>[] };
    expect(type).toMatchObject({ id: ORGANIZATION.formSubmission, name: "Form submission" });
    expect(type.fields.find((field) => field.name === "Consent")).toEqual(
      expect.not.objectContaining({ choices: expect.anything() }),
    );
    expect(type.fields.find((field) => field.name === "Source")).toMatchObject({
      type: "text",
      required: true,
    });
  });

  it("creates a published instance with its fields as flat custom keys, and lists it by lead and type", async () => {
    const created = await callApi<Activity>("POST", "/activity/custom/", {
      custom_activity_type_id: ORGANIZATION.formSubmission,
      lead_id: leadId,
      contact_id: contactId,
      activity_at: "2030-01-05T10:00:00+00:00",
      [ORGANIZATION.source]: "website",
      [ORGANIZATION.consent]: "Yes",
    });
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({
      id: expect.stringMatching(/^acti_/),
      status: "published",
      lead_id: leadId,
      contact_id: contactId,
      user_id: ORGANIZATION.apiUser.id,
      [ORGANIZATION.source]: "website",
      [ORGANIZATION.consent]: "Yes",
    });
    const listed = await callApi<Page<Activity>>(
      "GET",
      `/activity/custom/?lead_id=${leadId}&custom_activity_type_id=${ORGANIZATION.formSubmission}`,
    );
    expect(listed.body.data.map((activity) => activity.id)).toEqual([created.body.id]);
  });

  it("refuses to publish without a required field, but takes a draft", async () => {
    const body = { custom_activity_type_id: ORGANIZATION.formSubmission, lead_id: leadId };
    const published = await callApi<ValidationErrorBody>("POST", "/activity/custom/", body);
    expect(published.status).toBe(400);
    expect(published.body["field-errors"]).toEqual({
      [ORGANIZATION.source]: "This field is required.",
    });
    const draft = await callApi<Activity>("POST", "/activity/custom/", {
      ...body,
      status: "draft",
    });
    expect(draft.body.status).toBe("draft");
  });

  it.each([
    ["an unknown type", { custom_activity_type_id: "actitype_nope" }, "custom_activity_type_id"],
    ["a field of no such name in the type", { "custom.cf_nope": "x" }, "custom.cf_nope"],
    ["a choice the field does not have", { [ORGANIZATION.consent]: "Maybe" }, ORGANIZATION.consent],
    ["custom_fields (its key spelling is undocumented)", { custom_fields: {} }, "custom_fields"],
    ["an unknown lead", { lead_id: "lead_nope" }, "lead"],
  ])("refuses an instance with %s", async (_, extra, field) => {
    const answer = await callApi<ValidationErrorBody>("POST", "/activity/custom/", {
      custom_activity_type_id: ORGANIZATION.formSubmission,
      lead_id: leadId,
      [ORGANIZATION.source]: "website",
      ...extra,
    });
    expect(answer.status).toBe(400);
    expect(Object.keys(answer.body["field-errors"])).toEqual([field]);
    expect(await readSimulator("custom_activities")).toEqual([]);
  });

  it("refuses a type filter without lead_id, as Close does", async () => {
    const answer = await callApi<ValidationErrorBody>(
      "GET",
      `/activity/custom/?custom_activity_type_id=${ORGANIZATION.formSubmission}`,
    );
    expect(answer.status).toBe(400);
    expect(answer.body.errors[0]).toMatch(/requires lead_id/);
  });
});

type Opportunity = Record<string, unknown> & { id: string };

describe("opportunities", () => {
  it("creates one in the organization's first status by default, with its value formatted from cents", async () => {
    const created = await callApi<Opportunity>("POST", "/opportunity/", {
      lead_id: leadId,
      contact_id: contactId,
      value: 150000,
      note: "Demo on 2030-01-05",
      user_id: ORGANIZATION.sam.id,
    });
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({
      id: expect.stringMatching(/^oppo_/),
      lead_id: leadId,
      lead_name: "Acme",
      contact_id: contactId,
      contact_name: "Ada",
      status_id: ORGANIZATION.active,
      status_label: "Active",
      status_type: "active",
      pipeline_id: ORGANIZATION.pipeline,
      value: 150000,
      value_currency: "USD",
      value_formatted: "$1,500",
      value_period: "one_time",
      user_id: ORGANIZATION.sam.id,
      user_name: "Sam Okafor",
      note: "Demo on 2030-01-05",
      date_won: null,
    });
  });

  it("sets date_won for a won status, and answers lists with their aggregates", async () => {
    const won = await callApi<Opportunity>("POST", "/opportunity/", {
      lead_id: leadId,
      status_id: ORGANIZATION.won,
      value: 1000,
      value_period: "monthly",
      confidence: 50,
    });
    expect(won.body.date_won).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    await callApi("POST", "/opportunity/", { lead_id: leadId, value: 500 });
    const listed = await callApi<Record<string, unknown>>(
      "GET",
      `/opportunity/?lead_id=${leadId}&_limit=1`,
    );
    expect(listed.body).toMatchObject({
      has_more: true,
      total_results: 2,
      total_value_monthly: 1000,
      total_value_one_time: 500,
      total_value_annualized: 12500,
      count_by_value_period: { one_time: 1, monthly: 1, annual: 0 },
    });
    const wonOnly = await callApi<Page<Opportunity>>("GET", "/opportunity/?status_type=won");
    expect(wonOnly.body.data.map((o) => o.id)).toEqual([won.body.id]);
  });

  it("makes a lead for an opportunity without lead_id", async () => {
    const created = await callApi<Opportunity>("POST", "/opportunity/", { note: "orphan" });
    expect(created.status).toBe(200);
    expect(await readSimulator("leads")).toHaveLength(2);
  });

  it.each([
    ["a status of no pipeline", { status_id: "stat_nope" }, "status_id"],
    ["a value in dollars with cents", { value: 10.5 }, "value"],
    ["a confidence above 100", { confidence: 101 }, "confidence"],
    ["the deprecated status label", { status: "Active" }, "status"],
    ["an unknown owner", { user_id: "user_nope" }, "user"],
    ["an unknown pipeline", { pipeline_id: "pipe_nope" }, "pipeline_id"],
  ])("refuses one with %s", async (_, extra, field) => {
    const answer = await callApi<ValidationErrorBody>("POST", "/opportunity/", {
      lead_id: leadId,
      ...extra,
    });
    expect(answer.status).toBe(400);
    expect(Object.keys(answer.body["field-errors"])).toEqual([field]);
    expect(await readSimulator("opportunities")).toEqual([]);
  });
});

describe("unsubscribed emails", () => {
  it("marks every contact email matching an unsubscribed address, and new ones too", async () => {
    const answer = await callApi<{ email: string }>("POST", "/unsubscribe/email/", {
      email: "ADA@acme.example",
    });
    expect(answer.status).toBe(201);
    expect(answer.body).toEqual({ email: "ADA@acme.example" });
    const contact = await callApi<Contact>("GET", `/contact/${contactId}/`);
    expect(contact.body.emails).toEqual([
      { email: "ada@acme.example", type: "office", is_unsubscribed: true },
    ]);
    const later = await createContact({ lead_id: leadId, emails: [{ email: "ada@acme.example" }] });
    expect(later.emails[0]?.is_unsubscribed).toBe(true);
  });

  it("refuses an address already on the list (undocumented in Close: the less convenient reading)", async () => {
    await callApi("POST", "/unsubscribe/email/", { email: "ada@acme.example" });
    const again = await callApi<ValidationErrorBody>("POST", "/unsubscribe/email/", {
      email: "ada@acme.example",
    });
    expect(again.status).toBe(400);
    expect(Object.keys(again.body["field-errors"])).toEqual(["email"]);
  });

  it("resubscribes with DELETE", async () => {
    await callApi("POST", "/unsubscribe/email/", { email: "ada@acme.example" });
    expect((await callApi("DELETE", "/unsubscribe/email/ada@acme.example/")).status).toBe(200);
    const contact = await callApi<Contact>("GET", `/contact/${contactId}/`);
    expect(contact.body.emails[0]?.is_unsubscribed).toBe(false);
    expect((await callApi("DELETE", "/unsubscribe/email/ada@acme.example/")).status).toBe(404);
  });

  it("refuses an address that is not one", async () => {
    expect((await callApi("POST", "/unsubscribe/email/", { email: "nope" })).status).toBe(400);
  });
});

describe("deleting a lead", () => {
  it("deletes its tasks, custom activities and opportunities with it", async () => {
    await callApi("POST", "/task/", { _type: "lead", lead_id: leadId, text: "x" });
    await callApi("POST", "/opportunity/", { lead_id: leadId });
    await callApi("POST", "/activity/custom/", {
      custom_activity_type_id: ORGANIZATION.formSubmission,
      lead_id: leadId,
      [ORGANIZATION.source]: "x",
    });
    expect((await callApi("DELETE", `/lead/${leadId}/`)).status).toBe(200);
    expect(await readSimulator("tasks")).toEqual([]);
    expect(await readSimulator("opportunities")).toEqual([]);
    expect(await readSimulator("custom_activities")).toEqual([]);
  });
});
