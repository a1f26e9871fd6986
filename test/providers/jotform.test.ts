import { describe, expect, it } from "vitest";
import expected from "../fixtures/jotform/submission.expected.json";
import submission from "../fixtures/jotform/submission.fields.json";
import {
  copyOf,
  jsonDelivery,
  LONG_TEXT,
  multipartDelivery,
  prepareContact,
  refusalOf,
  sourceFor,
} from "../helpers/pipeline.ts";
import { jotformDelivery } from "./jotform-delivery.ts";

// Jotform cannot sign: its source takes a token in the URL (?token=).
const JOTFORM_AUTH = { type: "token", secret: "JOTFORM_TOKEN", query: true };
const jotform = sourceFor("jotform", { auth: JOTFORM_AUTH });

type RawRequest = (typeof submission)["rawRequest"];

const delivery = jotformDelivery;

const withoutContact = (raw: Record<string, unknown>) => {
  delete raw.q4_email;
  delete raw.q5_phoneNumber;
};

describe("Jotform deliveries", () => {
  it("a submission without email and phone is refused with 422 naming Jotform's fields", async () => {
    const refusal = await refusalOf(await delivery(withoutContact), jotform);
    expect(refusal).toMatchObject({ code: "unmappable", status: 422 });
    expect(refusal.details[0]?.problem).toContain("qN_email");
  });

  it.each([["{not json"], ["[1,2]"], ['"text"']])(
    "a rawRequest that is not a JSON object (%s) is refused with a 4xx naming rawRequest",
    async (rawRequest) => {
      const refusal = await refusalOf(await multipartDelivery({ rawRequest }), jotform);
      expect(refusal.status).toBeGreaterThanOrEqual(400);
      expect(refusal.status).toBeLessThan(500);
      expect(refusal.details[0]?.field).toBe("rawRequest");
    },
  );

  it("labels come from pretty; names, phones, addresses and dates are read from their parts", async () => {
    const { extraction } = await prepareContact(await delivery(), jotform);
    const answers = Object.fromEntries(extraction.answers.map((a) => [a.key, [a.label, a.value]]));
    expect(answers).toMatchObject({
      "q3_name.first": ["Name (first)", "Grace"],
      "q3_name.last": ["Name (last)", "Hopper"],
      q4_email: ["E-mail", "grace@cobol.example"],
      q5_phoneNumber: ["Phone Number", "(415) 555-0177"],
      q7_address: ["Address", "1 Harbor Way, Suite 200, San Francisco, CA, 94105, United States"],
      q10_interestedIn: ["Interested in", ["Calling", "Reporting"]],
      q12_startDate: ["Start date", "2026-05-01"],
      q15_requirements: ["Requirements", [expect.stringContaining("/requirements.pdf")]],
    });
    expect(answers.q14_hearAbout).toBeUndefined();
  });

  it("fields override what the preset detects, addressing answers by key, label and rawRequest path", async () => {
    const source = sourceFor("jotform", {
      auth: JOTFORM_AUTH,
      fields: {
        name: "q3_name.last",
        company: "Team size",
        "custom.cf_city": "rawRequest.q7_address.city",
        "custom.cf_budget": "pretty.Budget (USD)",
        "custom.cf_ip": "ip",
      },
    });
    const { draft } = await prepareContact(await delivery(), source);
    expect(draft.name).toBe("Hopper");
    expect(draft.lead.name).toBe("21-50");
    expect(draft.custom).toEqual({
      cf_city: "San Francisco",
      cf_budget: "25000",
      cf_ip: "203.0.113.24",
    });
  });

  it("a relay that posts the same fields as JSON is read too", async () => {
    const { rawRequest, ...fields } = copyOf(submission);
    const prepared = await prepareContact(jsonDelivery({ ...fields, rawRequest }), jotform);
    expect(prepared.draft).toEqual(expected);
  });

  it("unusual content maps without error: emoji, right-to-left text, 10,000 characters, empty answers", async () => {
    const raw = await delivery((request) => {
      const typed = request as RawRequest & Record<string, unknown>;
      typed.q3_name = { first: "Ada 🌟", last: "לאבלייס" };
      typed.q8_howCan = LONG_TEXT;
      typed.q6_company = "";
      typed.q12_startDate = { month: "", day: "", year: "" };
    });
    const { draft } = await prepareContact(raw, jotform);
    expect(draft.name).toBe("Ada 🌟 לאבלייס");
    expect(draft.lead.name).toBeUndefined();
    expect(draft.note).toContain(LONG_TEXT.trim());
    expect(draft.note).not.toContain("Start date");
  });
});
