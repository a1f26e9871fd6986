// Notes: note activities posted on leads and listed by lead.
import { beforeEach, expect, it } from "vitest";
import {
  callApi,
  createContact,
  createLead,
  readSimulator,
  resetSimulator,
  type ValidationErrorBody,
} from "./helpers.ts";

beforeEach(resetSimulator);

it("answers a new note as Close's note activity", async () => {
  const lead = await createLead({ name: "Acme" });
  const answer = await callApi("POST", "/activity/note/", {
    lead_id: lead.id,
    note: "Asked for a demo",
  });
  expect(answer.status).toBe(200);
  expect(answer.body).toMatchObject({
    _type: "Note",
    lead_id: lead.id,
    contact_id: null,
    note: "Asked for a demo",
    note_html: "<body><p>Asked for a demo</p></body>",
    organization_id: expect.stringMatching(/^orga_/),
    user_id: expect.stringMatching(/^user_/),
    created_by: expect.stringMatching(/^user_/),
    date_created: expect.stringMatching(/\+00:00$/),
    date_updated: expect.stringMatching(/\+00:00$/),
    activity_at: expect.stringMatching(/\+00:00$/),
  });
  expect(answer.body.id).toMatch(/^acti_[A-Za-z0-9]{43}$/);
  expect(await readSimulator("notes")).toEqual([answer.body]);
});

it("links a note to a contact of the lead", async () => {
  const contact = await createContact({ name: "Ann" });
  const answer = await callApi("POST", "/activity/note/", {
    lead_id: contact.lead_id,
    contact_id: contact.id,
    note: "Met at the fair",
  });
  expect(answer.status).toBe(200);
  expect(answer.body.contact_id).toBe(contact.id);
});

it("refuses a note on a lead that does not exist", async () => {
  const answer = await callApi("POST", "/activity/note/", {
    lead_id: "lead_missing000000000000000000000000000000000000",
    note: "Hello",
  });
  expect(answer.status).toBe(400);
  expect(answer.body).toEqual({ errors: [], "field-errors": { lead: "Object does not exist." } });
  expect(await readSimulator("notes")).toEqual([]);
});

it("refuses a note without lead_id, with an unknown key, or with another lead's contact", async () => {
  const contact = await createContact({ name: "Ann" });
  const lead = await createLead({ name: "Other" });
  const cases: [Record<string, unknown>, string][] = [
    [{ note: "Hello" }, "lead_id"],
    [{ lead_id: lead.id, note: "Hello", colour: "red" }, "colour"],
    [{ lead_id: lead.id, contact_id: contact.id, note: "Hello" }, "contact"],
  ];
  for (const [body, field] of cases) {
    const answer = await callApi<ValidationErrorBody>("POST", "/activity/note/", body);
    expect(answer.status, field).toBe(400);
    expect(answer.body["field-errors"]).toHaveProperty(field);
  }
  expect(await readSimulator("notes")).toEqual([]);
});

it("lists a lead's notes, newest first, page by page", async () => {
  const lead = await createLead({ name: "Acme" });
  const other = await createLead({ name: "Other" });
  for (const note of ["first", "second", "third"]) {
    await callApi("POST", "/activity/note/", { lead_id: lead.id, note });
  }
  await callApi("POST", "/activity/note/", { lead_id: other.id, note: "elsewhere" });

  const first = await callApi<{ data: { note: string }[]; has_more: boolean }>(
    "GET",
    `/activity/note/?lead_id=${lead.id}&_limit=2`,
  );
  expect(first.status).toBe(200);
  expect(first.body.data.map((note) => note.note)).toEqual(["third", "second"]);
  expect(first.body.has_more).toBe(true);

  const second = await callApi<{ data: { note: string }[]; has_more: boolean }>(
    "GET",
    `/activity/note/?lead_id=${lead.id}&_limit=2&_skip=2`,
  );
  expect(second.body.data.map((note) => note.note)).toEqual(["first"]);
  expect(second.body.has_more).toBe(false);
});
