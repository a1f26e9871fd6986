import { describe, expect, it } from "vitest";
import expected from "../fixtures/webflow/form-submission.expected.json";
import formSubmission from "../fixtures/webflow/form-submission.json";
import fullExpected from "../fixtures/webflow/form-submission-full.expected.json";
import full from "../fixtures/webflow/form-submission-full.json";
import {
  copyOf,
  jsonDelivery,
  LONG_TEXT,
  prepare,
  prepareContact,
  refusalOf,
  sourceFor,
} from "../helpers/pipeline.ts";

const webflow = sourceFor("webflow");

describe("Webflow form_submission deliveries", () => {
  it.each([
    ["Webflow's documented example", formSubmission, expected, "6321ca84df3949bfc6752327"],
    ["a submission with every field type", full, fullExpected, full.payload.id],
  ])("%s becomes exactly the expected contact", async (_, body, draft, eventId) => {
    const prepared = await prepareContact(jsonDelivery(body), webflow);
    expect(prepared.draft).toEqual(draft);
    expect(prepared.eventId).toBe(eventId);
  });

  it("the documented example's phone (15550000000) is not a valid number: kept in the note, or as typed with invalid_phone = keep", async () => {
    const keep = sourceFor("webflow", { invalid_phone: "keep" });
    const { draft } = await prepareContact(jsonDelivery(formSubmission), keep);
    expect(draft.phones).toEqual([{ phone: "15550000000", type: "office" }]);
  });

  it("a redelivery carries the same payload.id, so it is recognised as the same submission", async () => {
    const first = await prepareContact(jsonDelivery(full), webflow);
    const again = await prepareContact(jsonDelivery(full), webflow);
    expect(again.eventId).toBe(first.eventId);
  });

  it("a trigger other than form_submission is ignored", async () => {
    const sitePublish = {
      triggerType: "site_publish",
      payload: { siteId: "62749158efef318abc8d5a0f", publishedOn: "2023-07-31T12:00:00.000Z" },
    };
    expect(await prepare(jsonDelivery(sitePublish), webflow)).toMatchObject({
      kind: "ignored",
      eventType: "site_publish",
    });
  });

  it("a submission without email and phone is refused with 422 naming the form fields", async () => {
    const body = copyOf(formSubmission);
    body.payload.data = { "First Name": "Zaphod" } as typeof body.payload.data;
    const refusal = await refusalOf(jsonDelivery(body), webflow);
    expect(refusal).toMatchObject({ code: "unmappable", status: 422 });
    expect(refusal.details[0]?.problem).toContain("a form field named Email or Phone");
  });

  it.each([[{}], [{ triggerType: "form_submission", payload: { data: "x" } }], [["text"]]])(
    "a body that is not a Webflow form_submission (%j) is refused with 422 naming payload.data",
    async (body) => {
      const refusal = await refusalOf(jsonDelivery(body), webflow);
      expect(refusal).toMatchObject({ code: "unmappable", status: 422 });
      expect(refusal.details[0]?.field).toBe("payload.data");
    },
  );

  it("fields override what the preset detects, addressing fields by name", async () => {
    const source = sourceFor("webflow", {
      fields: { name: "Company", company: "Team size", "custom.cf_form": "payload.name" },
    });
    const { draft } = await prepareContact(jsonDelivery(full), source);
    expect(draft.name).toBe("Heart of Gold");
    expect(draft.lead.name).toBe("21-50");
    expect(draft.custom).toEqual({ cf_form: "Request a demo" });
  });

  it("unusual content maps without error: emoji, right-to-left text, 10,000 characters, empty answers", async () => {
    const body = copyOf(full);
    Object.assign(body.payload.data, {
      Name: "Ζωή 🦄 שלום",
      Message: LONG_TEXT,
      Company: "",
      Website: "",
    });
    const { draft } = await prepareContact(jsonDelivery(body), webflow);
    expect(draft.name).toBe("Ζωή 🦄 שלום");
    expect(draft.lead.name).toBeUndefined();
    expect(draft.urls).toEqual([]);
    expect(draft.note).toContain(LONG_TEXT.trim());
  });
});
