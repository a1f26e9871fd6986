import { describe, expect, it } from "vitest";
import { ContactDraft, validateDraft } from "../../src/validate/draft.ts";

/** A draft as mapping builds one for a full website form (with routing). */
function fullDraft(): Record<string, unknown> {
  return {
    name: "Ada Lovelace",
    title: "Analyst",
    emails: [{ email: "ada@analytical.example", type: "office" }],
    phones: [{ phone: "+14155550100", type: "office" }],
    urls: [{ url: "https://analytical.example", type: "url" }],
    timezone: "Europe/London",
    custom: { cf_abc123: "yes", cf_n: 3, cf_b: true, cf_list: ["a", 2] },
    lead: {
      name: "Analytical Engines",
      url: "https://analytical.example",
      description: "Engines",
      custom: { cf_lead1: "x" },
    },
    note: "We would like a demo.",
    routing: {
      lead_fields: { "Lead source": "Website form" },
      contact_fields: { Consent: "yes" },
      consent: true,
      owner_by: "sales",
      task: "Call Ada",
      activity: { Message: "hello" },
      opportunity: "Demo",
    },
  };
}

/** The draft with one change made by `change`. */
function changed(change: (draft: Record<string, unknown>) => void): Record<string, unknown> {
  const draft = fullDraft();
  change(draft);
  return draft;
}

const lead = (d: Record<string, unknown>) => d.lead as Record<string, unknown>;
const routing = (d: Record<string, unknown>) => d.routing as Record<string, unknown>;
const many = (n: number, item: unknown) => Array.from({ length: n }, () => item);

/** Drafts that pass and drafts that break each of the schema's rules once. */
const DRAFTS: [string, Record<string, unknown>][] = [
  ["a full draft", fullDraft()],
  ["the least draft", { emails: [], phones: [], urls: [], custom: {}, lead: { custom: {} } }],
  [
    "optional keys present but undefined",
    changed((d) => Object.assign(d, { name: undefined, note: undefined, routing: undefined })),
  ],
  ["a name of 1,000 characters", changed((d) => (d.name = "a".repeat(1000)))],
  ["a name of 1,001 characters", changed((d) => (d.name = "a".repeat(1001)))],
  ["an empty name", changed((d) => (d.name = ""))],
  ["a title that is a number", changed((d) => (d.title = 3))],
  ["an unknown key", changed((d) => (d.extra = 1))],
  ["an invalid email", changed((d) => (d.emails = [{ email: "ada@", type: "office" }]))],
  [
    "an email of 255 characters",
    changed((d) => (d.emails = [{ email: `${"a".repeat(243)}@example.com`, type: "office" }])),
  ],
  [
    "an email of 254 characters",
    changed((d) => (d.emails = [{ email: `${"a".repeat(242)}@example.com`, type: "office" }])),
  ],
  ["an email without a type", changed((d) => (d.emails = [{ email: "ada@example.com" }]))],
  [
    "an email with an empty type",
    changed((d) => (d.emails = [{ email: "ada@example.com", type: "" }])),
  ],
  [
    "an email with an extra key",
    changed((d) => (d.emails = [{ email: "ada@example.com", type: "office", x: 1 }])),
  ],
  ["100 phones", changed((d) => (d.phones = many(100, { phone: "+1", type: "office" })))],
  ["101 phones", changed((d) => (d.phones = many(101, { phone: "+1", type: "office" })))],
  ["an empty phone", changed((d) => (d.phones = [{ phone: "", type: "office" }]))],
  [
    "a phone of 101 characters",
    changed((d) => (d.phones = [{ phone: "1".repeat(101), type: "office" }])),
  ],
  [
    "a URL of 2,001 characters",
    changed((d) => (d.urls = [{ url: "u".repeat(2001), type: "url" }])),
  ],
  ["urls that are not a list", changed((d) => (d.urls = {}))],
  ["an empty timezone", changed((d) => (d.timezone = ""))],
  ["a custom key without cf_", changed((d) => (d.custom = { abc: "x" }))],
  [
    "a custom value that is infinite",
    changed((d) => (d.custom = { cf_a: Number.POSITIVE_INFINITY })),
  ],
  ["a custom value that is NaN", changed((d) => (d.custom = { cf_a: Number.NaN }))],
  ["a custom value that is null", changed((d) => (d.custom = { cf_a: null }))],
  ["a custom list of 101 items", changed((d) => (d.custom = { cf_a: many(101, "x") }))],
  ["a custom list holding a boolean", changed((d) => (d.custom = { cf_a: [true] }))],
  ["custom fields that are a list", changed((d) => (d.custom = []))],
  ["no lead", changed((d) => delete d.lead)],
  ["a lead without custom fields", changed((d) => delete lead(d).custom)],
  ["a lead with an unknown key", changed((d) => (lead(d).status = "x"))],
  ["a lead name of 1,001 characters", changed((d) => (lead(d).name = "a".repeat(1001)))],
  ["an empty lead description", changed((d) => (lead(d).description = ""))],
  ["an empty note", changed((d) => (d.note = ""))],
  ["routing with an unknown key", changed((d) => (routing(d).owner = "x"))],
  ["routing consent that is text", changed((d) => (routing(d).consent = "yes"))],
  ["a routed field with an empty name", changed((d) => (routing(d).lead_fields = { "": "x" }))],
  [
    "a routed field name of 201 characters",
    changed((d) => (routing(d).activity = { ["n".repeat(201)]: "x" })),
  ],
  [
    "a routed value of 100,001 characters",
    changed((d) => (routing(d).contact_fields = { n: "v".repeat(100_001) })),
  ],
  ["a routed value that is a number", changed((d) => (routing(d).lead_fields = { n: 3 }))],
  ["a task that is a number", changed((d) => (routing(d).task = 3))],
  ["routing that is a list", changed((d) => (d.routing = []))],
];

describe("validating a contact draft", () => {
  it.each(DRAFTS)("finds exactly the schema's problems in %s", (_name, draft) => {
    const parsed = ContactDraft.safeParse(draft);
    const expected = parsed.success
      ? []
      : parsed.error.issues.map((issue) => ({
          field: issue.path.map(String).join(".") || "contact",
          problem: issue.message,
        }));
    const problems = validateDraft(draft as ContactDraft, "an email").filter(
      (problem) => !problem.problem.startsWith("there is neither an email nor a phone"),
    );
    expect(problems).toEqual(expected);
  });

  it("passes the full draft and refuses each broken one", () => {
    const verdicts = DRAFTS.map(([name, draft]) => [name, ContactDraft.safeParse(draft).success]);
    expect(verdicts.filter(([, ok]) => ok).map(([name]) => name)).toEqual([
      "a full draft",
      "the least draft",
      "optional keys present but undefined",
      "a name of 1,000 characters",
      "an email of 254 characters",
      "100 phones",
    ]);
  });
});
