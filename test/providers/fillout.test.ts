import { describe, expect, it } from "vitest";
import expected from "../fixtures/fillout/submission.expected.json";
import submission from "../fixtures/fillout/submission.json";
import {
  copyOf,
  jsonDelivery,
  LONG_TEXT,
  prepareContact,
  refusalOf,
  sourceFor,
} from "../helpers/pipeline.ts";

// Fillout does not sign its webhooks: its source takes a token (a header set in Fillout's
// advanced webhook settings, or ?token= in the URL).
const FILLOUT_AUTH = { type: "token", secret: "FILLOUT_TOKEN", query: true };
const fillout = sourceFor("fillout", { auth: FILLOUT_AUTH });

type Question = (typeof submission)["submission"]["questions"][number];

function withQuestions(change: (questions: Question[]) => Question[]): typeof submission {
  const delivery = copyOf(submission);
  delivery.submission.questions = change(delivery.submission.questions);
  return delivery;
}

describe("Fillout deliveries", () => {
  it("the bare submission object (as Fillout's API lists it) is read too", async () => {
    const prepared = await prepareContact(jsonDelivery(submission.submission), fillout);
    const { note, ...contact } = prepared.draft;
    const { note: _, ...expectedContact } = expected;
    expect(contact).toEqual(expectedContact);
    expect(note).not.toContain("Form:");
  });

  it("a submission without email and phone is refused with 422 naming Fillout's question types", async () => {
    const body = withQuestions((questions) =>
      questions.filter((q) => q.type !== "EmailInput" && q.type !== "PhoneNumber"),
    );
    const refusal = await refusalOf(jsonDelivery(body), fillout);
    expect(refusal).toMatchObject({ code: "unmappable", status: 422 });
    expect(refusal.details[0]?.problem).toContain("EmailInput or PhoneNumber");
  });

  it("fields override what the preset detects, by question id and name; URL parameters by path", async () => {
    const source = sourceFor("fillout", {
      auth: FILLOUT_AUTH,
      fields: {
        company: "Which department do you work in?",
        "custom.cf_employees": "fFnyxwWa3KV6nBdfBDCHEA",
        "custom.cf_source": "urlParameters.utm_source",
        "custom.cf_ref": "urlParameters.ref",
        "custom.cf_score": "calculations.Lead score",
      },
    });
    const { draft } = await prepareContact(jsonDelivery(submission), source);
    expect(draft.lead.name).toBe("Engineering");
    expect(draft.custom).toEqual({
      cf_employees: 2,
      cf_source: "google",
      cf_ref: "partner-17",
      cf_score: "42",
    });
    expect(draft.note).not.toContain("ref: partner-17");
  });

  it("unusual content maps without error: emoji, right-to-left text, 10,000 characters, empty answers", async () => {
    const body = withQuestions((questions) =>
      questions.map((q) => {
        if (q.type === "LongAnswer") return { ...q, value: LONG_TEXT };
        if (q.name === "What is your name?") return { ...q, value: "Nadia 🌙 نادية" };
        if (q.name === "Company") return { ...q, value: "" };
        if (q.type === "Checkboxes") return { ...q, value: [] };
        return q;
      }),
    );
    const { draft } = await prepareContact(jsonDelivery(body), fillout);
    expect(draft.name).toBe("Nadia 🌙 نادية");
    expect(draft.lead.name).toBeUndefined();
    expect(draft.note).toContain(LONG_TEXT.trim());
    expect(draft.note).not.toContain("Which products do you use?");
  });
});
