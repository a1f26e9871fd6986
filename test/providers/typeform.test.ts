import { describe, expect, it } from "vitest";
import documentedExample from "../fixtures/typeform/documented-example.json";
import formResponse from "../fixtures/typeform/form-response.json";
import {
  copyOf,
  jsonDelivery,
  LONG_TEXT,
  prepare,
  prepareContact,
  refusalOf,
  sourceFor,
} from "../helpers/pipeline.ts";

const typeform = sourceFor("typeform");

type Delivery = typeof formResponse;

/** The full fixture with its answers changed by `change`. */
function withAnswers(change: (answers: Delivery["form_response"]["answers"]) => void): Delivery {
  const delivery = copyOf(formResponse);
  change(delivery.form_response.answers);
  return delivery;
}

describe("Typeform deliveries", () => {
  it("a partial response event is ignored unless the source's events ask for it", async () => {
    const partial = { ...formResponse, event_type: "form_response_partial" };
    const prepared = await prepare(jsonDelivery(partial), typeform);
    expect(prepared).toMatchObject({ kind: "ignored", eventType: "form_response_partial" });
    const asked = sourceFor("typeform", { events: ["form_response", "form_response_partial"] });
    expect((await prepare(jsonDelivery(partial), asked)).kind).toBe("contact");
  });

  it("a response without email and phone is refused with 422 naming Typeform's answer types", async () => {
    const body = withAnswers((answers) => {
      answers.splice(2, 2);
    });
    const refusal = await refusalOf(jsonDelivery(body), typeform);
    expect(refusal).toMatchObject({ code: "unmappable", status: 422 });
    expect(refusal.details).toEqual([
      {
        field: "email",
        problem: expect.stringContaining("an answer of type email or phone_number"),
      },
    ]);
  });

  it("fields override what the preset detects, addressing answers by ref and by question title", async () => {
    const source = sourceFor("typeform", {
      fields: {
        name: "last_name",
        company: "Where are you based?",
        "custom.cf_seats": "seats",
        "lead.custom.cf_plan": "What are you interested in?",
      },
    });
    const { draft } = await prepareContact(jsonDelivery(formResponse), source);
    expect(draft.name).toBe("Lovelace");
    expect(draft.lead.name).toBe("United States");
    expect(draft.custom).toEqual({ cf_seats: 12 });
    expect(draft.lead.custom).toEqual({ cf_plan: ["Calling", "Reporting", "Forecasting"] });
    expect(draft.note).not.toContain("Where are you based?");
  });

  it("hidden fields, variables and the raw response are reachable by path", async () => {
    const source = sourceFor("typeform", {
      fields: {
        "custom.cf_source": "hidden.utm_source",
        "custom.cf_user": "hidden.user_id",
        "custom.cf_score": "variables.score",
        "custom.cf_form": "form_response.form_id",
      },
    });
    const { draft } = await prepareContact(jsonDelivery(formResponse), source);
    expect(draft.custom).toEqual({
      cf_source: "newsletter",
      cf_user: "u_58213",
      cf_score: 7,
      cf_form: "Ka7tRm2Q",
    });
    // A mapped UTM parameter stays in the note's tracking lines; a mapped hidden field leaves it.
    expect(draft.note).toContain("utm_source: newsletter");
    expect(draft.note).not.toContain("user_id:");
  });

  it("a hidden field named email is the contact's email when no answer gives one", async () => {
    const body = withAnswers((answers) => {
      answers.splice(2, 2);
    });
    body.form_response.hidden = {
      ...body.form_response.hidden,
      email: "ada@hidden.example",
    } as typeof body.form_response.hidden;
    const { draft } = await prepareContact(jsonDelivery(body), typeform);
    expect(draft.emails).toEqual([{ email: "ada@hidden.example", type: "office" }]);
  });

  it("recalled answers in a question's title are filled in, and unknown ones elided", async () => {
    const { extraction } = await prepareContact(jsonDelivery(formResponse), typeform);
    const labelOf = (ref: string) => extraction.answers.find((answer) => answer.key === ref)?.label;
    expect(labelOf("work_email")).toBe("Nice to meet you, Ada! What's your work email?");
    const documented = await prepareContact(jsonDelivery(documentedExample), typeform);
    expect(documented.extraction.answers[0]?.label).toBe(
      "Thanks, …! What's it like where you live? Tell us in a few sentences.",
    );
  });

  it("unusual content maps without error: emoji, right-to-left text, 10,000 characters, empty answers", async () => {
    const body = withAnswers((answers) => {
      const [first, last, , , company] = answers;
      if (first) first.text = "Zoë 🚀";
      if (last) last.text = "כהן";
      if (company) company.text = "";
      const project = answers.find((answer) => answer.field.ref === "project");
      if (project) project.text = LONG_TEXT;
    });
    const { draft } = await prepareContact(jsonDelivery(body), typeform);
    expect(draft.name).toBe("Zoë 🚀 כהן");
    expect(draft.lead.name).toBeUndefined();
    expect(draft.note).toContain(`Tell us about your project: ${LONG_TEXT.trim()}`);
    expect(draft.note).not.toContain("Company:");
  });
});
