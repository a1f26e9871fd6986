import { describe, expect, it } from "vitest";
import formResponse from "../fixtures/tally/form-response.json";
import {
  copyOf,
  jsonDelivery,
  LONG_TEXT,
  prepareContact,
  refusalOf,
  sourceFor,
} from "../helpers/pipeline.ts";

const tally = sourceFor("tally");

/** A Tally field as a test changes it: any value, any extra properties. */
type Field = { key: string; label: string; type: string; value?: unknown };

/** The documented example with its fields changed by `change`. */
function withFields(change: (fields: Field[]) => Field[]): unknown {
  const delivery = copyOf(formResponse);
  return { ...delivery, data: { ...delivery.data, fields: change(delivery.data.fields) } };
}

const withoutContact = (fields: Field[]) =>
  fields.filter(
    (field) =>
      !["INPUT_EMAIL", "INPUT_PHONE_NUMBER"].includes(field.type) && field.type !== "PAYMENT",
  );

describe("Tally deliveries", () => {
  it("a response without email and phone is refused with 422 naming Tally's field types", async () => {
    const refusal = await refusalOf(jsonDelivery(withFields(withoutContact)), tally);
    expect(refusal).toMatchObject({ code: "unmappable", status: 422 });
    expect(refusal.details[0]?.problem).toContain("INPUT_EMAIL or INPUT_PHONE_NUMBER");
  });

  it("choices are read as their option texts, files as their URLs, and per-option checkboxes stay out", async () => {
    const { extraction } = await prepareContact(jsonDelivery(formResponse), tally);
    const answerTo = (label: string) => extraction.answers.find((a) => a.label === label)?.value;
    expect(answerTo("Multi-select")).toEqual(["Surf", "Golf"]);
    expect(answerTo("Ranking")).toEqual(["Pear", "Apple", "Banana"]);
    expect(answerTo("File upload")).toEqual([
      "https://storage.googleapis.com/tally-response-assets-dev/vBXMXN/34fd1ee5-4ead-4929-9a4a-918ac9f0b416/Tally_Icon.png",
    ]);
    expect(answerTo("Number")).toBe(10);
    expect(answerTo("Checkboxes (Soccer)")).toBeUndefined();
  });

  it("fields override what the preset detects, addressing fields by key and by label", async () => {
    const source = sourceFor("tally", {
      fields: {
        name: "question_3EKz4n",
        company: "Dropdown",
        "custom.cf_skiing": "Checkboxes (Skiing)",
      },
    });
    const { draft } = await prepareContact(jsonDelivery(formResponse), source);
    expect(draft.name).toBe("Hello");
    expect(draft.lead.name).toBe("Hard");
    expect(draft.custom).toEqual({ cf_skiing: true });
  });

  it("hidden fields and calculated fields are reachable by path", async () => {
    const body = withFields((fields) => [
      ...fields,
      { key: "question_hid_2", label: "partner", type: "HIDDEN_FIELDS", value: "acme" },
    ]);
    const source = sourceFor("tally", {
      fields: {
        "custom.cf_campaign": "hidden.utm_campaign",
        "custom.cf_partner": "hidden.partner",
        "custom.cf_score": "calculated.Score",
      },
    });
    const { draft } = await prepareContact(jsonDelivery(body), source);
    expect(draft.custom).toEqual({ cf_campaign: "newsletter", cf_partner: "acme", cf_score: 20 });
    expect(draft.note).toContain("utm_campaign: newsletter");
  });

  it("a hidden field that is not UTM goes into the note under its name", async () => {
    const body = withFields((fields) => [
      ...fields,
      { key: "question_hid_2", label: "partner", type: "HIDDEN_FIELDS", value: "acme" },
    ]);
    const { draft } = await prepareContact(jsonDelivery(body), tally);
    expect(draft.note).toContain("\npartner: acme\n");
  });

  it("unusual content maps without error: emoji, right-to-left text, 10,000 characters, empty answers", async () => {
    const body = withFields((fields) =>
      fields.map((field) => {
        if (field.label === "Text") return { ...field, value: "مرحبا 👋" };
        if (field.label === "Long text") return { ...field, value: LONG_TEXT };
        if (field.label === "Date") return { ...field, value: null };
        if (field.label === "Multiple choice") return { ...field, value: [] };
        return field;
      }),
    );
    const { draft } = await prepareContact(jsonDelivery(body), tally);
    expect(draft.note).toContain("Text: مرحبا 👋");
    expect(draft.note).toContain(`Long text: ${LONG_TEXT.trim()}`);
    expect(draft.note).not.toContain("Date:");
    expect(draft.note).not.toContain("Multiple choice:");
  });
});
