// What the preview says about a mapping besides the draft: paths that matched nothing, and
// values dropped or moved into the note, each with its reason.
import { beforeAll, describe, expect, it } from "vitest";
import { FieldMap } from "../../src/config/schema.ts";
import { formPreset } from "../../src/extract/presets/form.ts";
import { jsonPreset } from "../../src/extract/presets/json.ts";
import { type MapOptions, mapSubmission } from "../../src/map/draft.ts";
import { type MappingFinding, reviewFieldPaths } from "../../src/map/review.ts";
import { emptyFields, type Fields, type Value } from "../../src/parse/body.ts";
import { installTestPhoneMetadata } from "../helpers/phone-metadata.ts";

beforeAll(installTestPhoneMetadata);

const headers = new Headers();

function fieldsOf(values: Record<string, Value>): Fields {
  const result = emptyFields();
  for (const [k, v] of Object.entries(values)) result[k] = v;
  return result;
}

type Given = Omit<Partial<MapOptions>, "fields"> & { fields?: Record<string, string | string[]> };

function options(overrides: Given): MapOptions {
  return {
    default_country: "US",
    invalid_phone: "drop",
    email_type: "office",
    phone_type: "office",
    url_type: "url",
    ...overrides,
    fields: FieldMap.parse(overrides.fields ?? {}),
  };
}

/** The findings of mapping a form body (paths first, then what mapping dropped or moved). */
function reviewForm(body: Record<string, Value>, given: Given = {}) {
  const extraction = formPreset.extract(
    { kind: "form", body: fieldsOf(body), query: emptyFields() },
    { headers },
  );
  const source = options(given);
  const findings: MappingFinding[] = [...reviewFieldPaths(extraction, source.fields)];
  mapSubmission(extraction, source, { findings });
  return findings;
}

describe("the review of a mapping", () => {
  it("names a fields path that matches nothing, and the answer that went into the note instead", () => {
    expect(
      reviewForm(
        { email: "ada@example.com", page: "https://example.com/pricing", plan: "pro" },
        { fields: { "custom.cf_abc": "pgae", "lead.custom.cf_def": "plan" } },
      ),
    ).toEqual([
      {
        kind: "unmatched_path",
        field: "fields.custom.cf_abc",
        problem: '"pgae" matches no answer and nothing in the payload of this submission',
      },
      {
        kind: "to_note",
        field: "page",
        problem: "the page the form was on: in the note",
      },
    ]);
  });

  it.each<[string, Record<string, Value>, Given, MappingFinding[]]>([
    [
      "an empty answer a path reads",
      { email: "ada@example.com", company: "" },
      { fields: { company: "company" } },
      [
        {
          kind: "empty_path",
          field: "fields.company",
          problem: '"company" is empty in this submission',
        },
      ],
    ],
    [
      "a fallback path that matches nothing, though the first one did",
      { email: "ada@example.com", full_name: "Ada" },
      { fields: { name: ["full_name", "contact.nmae"] } },
      [
        {
          kind: "unmatched_path",
          field: "fields.name",
          problem: '"contact.nmae" matches no answer and nothing in the payload of this submission',
        },
      ],
    ],
    [
      "an invalid phone dropped into the note",
      { email: "ada@example.com", phone: "12" },
      {},
      [
        {
          kind: "to_note",
          field: "phone",
          problem:
            'is not a valid phone number (read with default country US): in the note, not on the contact (invalid_phone = "drop")',
        },
      ],
    ],
    [
      "an answer no field maps",
      { email: "ada@example.com", favourite_colour: "blue" },
      {},
      [
        {
          kind: "to_note",
          field: "favourite_colour",
          problem:
            "no contact field maps it (map it in `fields` to send it elsewhere): in the note",
        },
      ],
    ],
    [
      "a second answer for a one-value field",
      { email: "ada@example.com", name: "Ada", full_name: "Ada Lovelace" },
      {},
      [
        {
          kind: "to_note",
          field: "full_name",
          problem: "reads as the contact's name, which another answer gave: in the note",
        },
      ],
    ],
    [
      "a tracking parameter",
      { email: "ada@example.com", utm_source: "ads" },
      {},
      [
        {
          kind: "to_note",
          field: "utm_source",
          problem: "a tracking parameter: in the note's UTM lines",
        },
      ],
    ],
    [
      "an invalid time zone",
      { email: "ada@example.com", timezone: "Mars/Olympus" },
      {},
      [
        {
          kind: "to_note",
          field: "timezone",
          problem: "is not an IANA time zone (like Europe/Paris): in the note, not on the contact",
        },
      ],
    ],
    [
      "nothing, when every answer became a contact field",
      { email: "ada@example.com", name: "Ada", message: "Hi" },
      {},
      [],
    ],
  ])("reports %s", (_, body, given, expected) => {
    expect(reviewForm(body, given)).toEqual(expected);
  });

  it("reports the values a one-value field leaves out", () => {
    const extraction = jsonPreset.extract(
      {
        kind: "json",
        body: fieldsOf({ email: "ada@example.com", names: ["Ada", "Augusta"] }),
        query: emptyFields(),
      },
      { headers },
    );
    const findings: MappingFinding[] = [];
    const { draft } = mapSubmission(extraction, options({ fields: { name: "names" } }), {
      findings,
    });
    expect(draft.name).toBe("Ada");
    expect(findings).toEqual([
      {
        kind: "dropped",
        field: "names",
        problem: "has 2 values: the contact field takes the first, the others are not sent",
      },
    ]);
  });
});
