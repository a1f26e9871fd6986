// Routing's pure part: templates, the consent checkbox, and what a submission's answers make of
// a source's routing.
import { describe, expect, it } from "vitest";
import type { Extraction } from "../../src/extract/types.ts";
import {
  isChecked,
  mapRouting,
  NO_LEAD_ROUTING,
  type RoutingFacts,
  renderTemplate,
} from "../../src/map/routing.ts";
import { type ContactDraft, RoutingDraft } from "../../src/validate/draft.ts";

describe("renderTemplate", () => {
  const values: Record<string, string> = { name: "Ada", message: "A demo", empty: "" };
  it.each([
    ["Call {name} about {message}", "Call Ada about A demo"],
    ["Call {name}", "Call Ada"],
    ["{ name }", "Ada"],
    ["Call {nobody}", "Call"],
    ["About {empty|their enquiry}", "About their enquiry"],
    ["About {nobody|their enquiry}", "About their enquiry"],
    ["{name|fallback}", "Ada"],
    ["No placeholders", "No placeholders"],
  ])("renders %j as %j", (template, rendered) => {
    expect(renderTemplate(template, (name) => values[name])).toBe(rendered);
  });
});

describe("isChecked", () => {
  it.each([
    [undefined, false],
    [null, false],
    ["", false],
    ["off", false],
    ["No", false],
    ["false", false],
    ["0", false],
    [false, false],
    [0, false],
    ["on", true],
    ["yes", true],
    ["I agree", true],
    [true, true],
    [1, true],
    [["", "yes"], true],
  ])("reads %j as %s", (value, checked) => {
    expect(isChecked(value)).toBe(checked);
  });
});

const extraction: Extraction = {
  answers: [
    { key: "name", label: "Name", value: "Ada Lovelace" },
    { key: "region", label: "Region", value: "EMEA" },
    { key: "consent", label: "Consent", value: "on" },
  ],
  document: { query: { ref: "partner-42" } },
};
const draft: ContactDraft = {
  name: "Ada Lovelace",
  emails: [{ email: "ada@example.com", type: "office" }],
  phones: [],
  urls: [],
  custom: {},
  lead: { name: "Analytical Engines", custom: {} },
  note: "A demo\n\nutm_source: newsletter",
};
const facts: RoutingFacts = {
  sourceName: "website",
  messages: ["A demo"],
  tracking: [["utm_source", "newsletter"]],
  pageUrl: "https://example.com/pricing",
  meeting: { title: "Intro", start: "2030-01-05T10:00:00Z" },
};

describe("mapRouting", () => {
  it("renders every routed value from the draft, the answers and the facts", () => {
    const routing = mapRouting(extraction, draft, facts, {
      lead: {
        ...NO_LEAD_ROUTING,
        source: "Partner {query.ref}",
        utm: { utm_source: "UTM source", utm_medium: "UTM medium" },
      },
      owner: { users: [], by: "region", map: { emea: "riley@example.com" }, field: "Lead owner" },
      task: { text: "Call {first_name} at {company} about {message}", due_in: 60 },
      activity: {
        type: "Form submission",
        note: "also",
        marker_field: "Submission ID",
        fields: {
          Source: "{source}",
          Page: "{page_url}",
          Consent: "{consent}",
          Nothing: "{nobody}",
        },
      },
      opportunity: {
        status: "Active",
        value_period: "one_time",
        note: "{meeting} via {source_name}",
      },
      consent: {
        from: "consent",
        field: "Marketing consent",
        yes: "Yes",
        no: "No",
        unsubscribe_when_unchecked: true,
      },
    });
    expect(routing).toEqual({
      // Only the UTM parameters the submission has.
      lead_fields: { "Lead source": "Partner partner-42", "UTM source": "newsletter" },
      consent: true,
      contact_fields: { "Marketing consent": "Yes" },
      owner_by: "EMEA",
      task: "Call Ada at Analytical Engines about A demo",
      // A field whose template renders empty is left out.
      activity: {
        Source: "Partner partner-42",
        Page: "https://example.com/pricing",
        Consent: "Yes",
      },
      opportunity: "Intro on 2030-01-05T10:00:00Z via website",
    });
  });

  it("answers its keys in the order the log reads them back in (a replay compares drafts as text)", () => {
    const routing = mapRouting(extraction, draft, facts, {
      lead: { ...NO_LEAD_ROUTING, source: "Web" },
      owner: { users: [], by: "region", map: { emea: "riley@example.com" }, field: "Lead owner" },
      task: { text: "Call", due_in: 60 },
      activity: { type: "T", note: "also", marker_field: "M", fields: { A: "{name}" } },
      opportunity: { status: "Active", value_period: "one_time", note: "x" },
      consent: {
        from: "consent",
        field: "F",
        yes: "Yes",
        no: "No",
        unsubscribe_when_unchecked: false,
      },
    });
    expect(JSON.stringify(routing)).toBe(JSON.stringify(RoutingDraft.parse(routing)));
  });

  it("maps nothing for a source that routes nothing from the answers", () => {
    expect(mapRouting(extraction, draft, facts, { lead: NO_LEAD_ROUTING })).toBeUndefined();
  });

  it("reads an absent consent box as unchecked, and says so", () => {
    const routing = mapRouting({ ...extraction, answers: [] }, draft, facts, {
      lead: NO_LEAD_ROUTING,
      consent: { from: "consent", yes: "Yes", no: "No", unsubscribe_when_unchecked: true },
    });
    expect(routing).toEqual({ consent: false });
  });

  it("gives a booking without a meeting a note all the same", () => {
    const routing = mapRouting(
      extraction,
      draft,
      { ...facts, meeting: undefined },
      {
        lead: NO_LEAD_ROUTING,
        opportunity: { status: "Active", value_period: "one_time", note: "{meeting}" },
      },
    );
    expect(routing).toEqual({ opportunity: "Booked through website" });
  });
});
