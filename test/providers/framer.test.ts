import { describe, expect, it } from "vitest";
import submission from "../fixtures/framer/submission.json";
import {
  jsonDelivery,
  LONG_TEXT,
  prepareContact,
  refusalOf,
  sourceFor,
} from "../helpers/pipeline.ts";

const framer = sourceFor("framer");
const SUBMISSION_ID = "0fbbb90e-564b-4870-ac8b-78f9bc4e44a6";
const headers = { "Framer-Webhook-Submission-Id": SUBMISSION_ID };

describe("Framer form deliveries", () => {
  it("without the header there is no event id (the source's dedupe window applies)", async () => {
    const prepared = await prepareContact(jsonDelivery(submission), framer);
    expect(prepared.eventId).toBeUndefined();
  });

  it("a submission without email and phone is refused with 422 naming the inputs looked for", async () => {
    const { Email: _, Phone: __, ...rest } = submission;
    const refusal = await refusalOf(jsonDelivery(rest, headers), framer);
    expect(refusal).toMatchObject({ code: "unmappable", status: 422 });
    expect(refusal.details[0]?.problem).toContain("an input named email");
  });

  it("fields override what the preset detects, addressing inputs by name", async () => {
    const source = sourceFor("framer", {
      fields: { company: "Budget", "custom.cf_news": "Newsletter" },
    });
    const { draft } = await prepareContact(jsonDelivery(submission, headers), source);
    expect(draft.lead.name).toBe("10k-50k");
    expect(draft.custom).toEqual({ cf_news: "on" });
  });

  it("unusual content maps without error: emoji, right-to-left text, 10,000 characters, empty answers", async () => {
    const body = {
      ...submission,
      Name: "Émile 🎉 אמיל",
      Message: LONG_TEXT,
      Company: "",
      Budget: "",
    };
    const { draft } = await prepareContact(jsonDelivery(body, headers), framer);
    expect(draft.name).toBe("Émile 🎉 אמיל");
    expect(draft.lead.name).toBeUndefined();
    expect(draft.note).toBe(
      `${LONG_TEXT.trim()}\n\nTeam Size: 12\nPreferred Date: 2026-03-20\nPreferred Time: 14:30\nContact Method: Email\nNewsletter: on`,
    );
  });
});
