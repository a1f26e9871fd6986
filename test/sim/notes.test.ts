// Notes: note activities posted on leads and listed by lead.
import { beforeEach, describe, expect, it } from "vitest";
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

describe("changing and deleting a note", () => {
  type NoteAnswer = {
    id: string;
    note: string;
    note_html: string;
    contact_id: string | null;
    title: string | null;
    pinned: boolean;
    date_updated: string;
  };

  async function createNote(body: Record<string, unknown>): Promise<NoteAnswer> {
    const answer = await callApi<NoteAnswer>("POST", "/activity/note/", body);
    expect(answer.status).toBe(200);
    return answer.body;
  }

  it.each([
    ["note", { note: "New text" }, { note: "New text", note_html: "<body><p>New text</p></body>" }],
    [
      "note_html",
      { note_html: "<body><p>Rich</p><p>text</p></body>" },
      { note: "Rich\ntext", note_html: "<body><p>Rich</p><p>text</p></body>" },
    ],
    [
      "both (note_html wins)",
      { note: "Plain", note_html: "<body><p>Rich</p></body>" },
      { note: "Rich", note_html: "<body><p>Rich</p></body>" },
    ],
    [
      "title and pinned",
      { title: "Call", pinned: true },
      { note: "Old", title: "Call", pinned: true },
    ],
  ])("updates %s, keeping the other fields", async (_, change, expected) => {
    const lead = await createLead({ name: "Acme" });
    const note = await createNote({ lead_id: lead.id, note: "Old" });
    const answer = await callApi<NoteAnswer>("PUT", `/activity/note/${note.id}/`, change);
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ id: note.id, ...expected });
    expect(await readSimulator("notes")).toEqual([answer.body]);
  });

  it("links a note to a contact of its lead, and unlinks it with null", async () => {
    const contact = await createContact({ name: "Ann" });
    const note = await createNote({ lead_id: contact.lead_id, note: "Hello" });
    const linked = await callApi<NoteAnswer>("PUT", `/activity/note/${note.id}/`, {
      contact_id: contact.id,
    });
    expect(linked.body.contact_id).toBe(contact.id);
    const unlinked = await callApi<NoteAnswer>("PUT", `/activity/note/${note.id}/`, {
      contact_id: null,
    });
    expect(unlinked.body.contact_id).toBeNull();
  });

  it.each([
    ["another lead's contact", "contact"],
    ["a move to another lead", "lead_id"],
    ["an unknown key", "colour"],
  ])("refuses %s and leaves the note as it was", async (_, field) => {
    const lead = await createLead({ name: "Acme" });
    const other = await createContact({ name: "Elsewhere" });
    const note = await createNote({ lead_id: lead.id, note: "Hello" });
    const body =
      field === "contact"
        ? { contact_id: other.id }
        : field === "lead_id"
          ? { lead_id: other.lead_id }
          : { colour: "red" };
    const answer = await callApi<ValidationErrorBody>("PUT", `/activity/note/${note.id}/`, body);
    expect(answer.status).toBe(400);
    expect(Object.keys(answer.body["field-errors"])).toEqual([field]);
    expect(await readSimulator("notes")).toEqual([note]);
  });

  it("deletes a note, answering {} the first time and 404 the second", async () => {
    const lead = await createLead({ name: "Acme" });
    const note = await createNote({ lead_id: lead.id, note: "Bye" });
    const deleted = await callApi("DELETE", `/activity/note/${note.id}/`);
    expect(deleted.status).toBe(200);
    expect(deleted.body).toEqual({});
    expect(await readSimulator("notes")).toEqual([]);
    const again = await callApi("DELETE", `/activity/note/${note.id}/`);
    expect(again.status).toBe(404);
    expect(again.body).toEqual({ error: "Empty query: Note matching query does not exist." });
    expect((await callApi("PUT", `/activity/note/${note.id}/`, { note: "x" })).status).toBe(404);
  });

  it("answers 405 with Allow for a method the note does not take", async () => {
    const lead = await createLead({ name: "Acme" });
    const note = await createNote({ lead_id: lead.id, note: "Hello" });
    const answer = await callApi("PATCH", `/activity/note/${note.id}/`, { note: "x" });
    expect(answer.status).toBe(405);
    expect(answer.headers.get("Allow")).toBe("GET, PUT, DELETE");
  });

  it("lists notes by id with id__in", async () => {
    const lead = await createLead({ name: "Acme" });
    const first = await createNote({ lead_id: lead.id, note: "first" });
    await createNote({ lead_id: lead.id, note: "second" });
    const third = await createNote({ lead_id: lead.id, note: "third" });
    const answer = await callApi<{ data: NoteAnswer[] }>(
      "GET",
      `/activity/note/?id__in=${first.id},${third.id}`,
    );
    expect(answer.body.data.map((note) => note.note)).toEqual(["third", "first"]);
  });
});
