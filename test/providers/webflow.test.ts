import { describe, expect, it } from "vitest";
import formSubmission from "../fixtures/webflow/form-submission.json";
import full from "../fixtures/webflow/form-submission-full.json";
import {
  copyOf,
  jsonDelivery,
  LONG_TEXT,
  prepareContact,
  refusalOf,
  sourceFor,
} from "../helpers/pipeline.ts";

const webflow = sourceFor("webflow");

describe("Webflow form_submission deliveries", () => {
  it("the documented example's phone (15550000000) is not a valid number: kept in the note, or as typed with invalid_phone = keep", async () => {
    const keep = sourceFor("webflow", { invalid_phone: "keep" });
    const { draft } = await prepareContact(jsonDelivery(formSubmission), keep);
    expect(draft.phones).toEqual([{ phone: "15550000000", type: "office" }]);
  });

  it("a submission without email and phone is refused with 422 naming the form fields", async () => {
    const body = copyOf(formSubmission);
    body.payload.data = { "First Name": "Zaphod" } as typeof body.payload.data;
    const refusal = await refusalOf(jsonDelivery(body), webflow);
    expect(refusal).toMatchObject({ code: "unmappable", status: 422 });
    expect(refusal.details[0]?.problem).toContain("a form field named Email or Phone");
  });

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
