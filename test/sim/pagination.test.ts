// Pagination and field selection on list endpoints: `_skip`, `_limit` (default 100),
// `{"data": [...], "has_more": bool}`, and `_fields`.
import { beforeEach, expect, it } from "vitest";
import { callApi, createContact, createLead, resetSimulator } from "./helpers.ts";

type ListAnswer = { data: Record<string, unknown>[]; has_more: boolean };

beforeEach(resetSimulator);

it("pages through contacts with _skip and _limit, oldest first", async () => {
  const names = ["A", "B", "C", "D", "E"];
  for (const name of names) await createContact({ name });

  const first = await callApi<ListAnswer>("GET", "/contact/?_limit=2");
  expect(first.body.data.map((contact) => contact.name)).toEqual(["A", "B"]);
  expect(first.body.has_more).toBe(true);

  const last = await callApi<ListAnswer>("GET", "/contact/?_skip=4&_limit=2");
  expect(last.body.data.map((contact) => contact.name)).toEqual(["E"]);
  expect(last.body.has_more).toBe(false);
});

it("answers 100 items by default", async () => {
  const lead = await createLead({
    name: "Big",
    contacts: Array.from({ length: 100 }, (_, index) => ({ name: `C${index}` })),
  });
  await createContact({ name: "One more", lead_id: lead.id });
  const answer = await callApi<ListAnswer>("GET", "/contact/");
  expect(answer.body.data).toHaveLength(100);
  expect(answer.body.has_more).toBe(true);
});

it("filters contacts by lead_id", async () => {
  const lead = await createLead({ name: "Acme", contacts: [{ name: "Ann" }] });
  await createContact({ name: "Elsewhere" });
  const answer = await callApi<ListAnswer>("GET", `/contact/?lead_id=${lead.id}`);
  expect(answer.body.data.map((contact) => contact.name)).toEqual(["Ann"]);
});

it("lists leads with their contacts, and keeps only the fields _fields names", async () => {
  const lead = await createLead({ name: "Acme", contacts: [{ name: "Ann" }] });
  const full = await callApi<ListAnswer>("GET", "/lead/");
  expect(full.body.data).toHaveLength(1);
  expect(full.body.data[0]?.contacts).toHaveLength(1);

  const some = await callApi<ListAnswer>("GET", "/lead/?_fields=id,display_name");
  expect(some.body).toEqual({
    data: [{ id: lead.id, display_name: "Acme" }],
    has_more: false,
  });
});

it.each(["_limit=0", "_limit=101", "_limit=ten", "_skip=-1"])(
  "refuses %s with 400",
  async (query) => {
    const answer = await callApi("GET", `/contact/?${query}`);
    expect(answer.status).toBe(400);
    expect(answer.body).toHaveProperty("errors");
  },
);
