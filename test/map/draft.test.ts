import { beforeAll, describe, expect, it } from "vitest";
import { FieldMap } from "../../src/config/schema.ts";
import { formPreset } from "../../src/extract/presets/form.ts";
import { jsonPreset } from "../../src/extract/presets/json.ts";
import { type MapOptions, mapSubmission } from "../../src/map/draft.ts";
import { emptyFields, type Fields, type Value } from "../../src/parse/body.ts";
import { validateDraft } from "../../src/validate/draft.ts";
import { installTestPhoneMetadata } from "../helpers/phone-metadata.ts";

beforeAll(installTestPhoneMetadata);

const headers = new Headers();
const defaults: MapOptions = {
  fields: {},
  default_country: "US",
  invalid_phone: "drop",
  email_type: "office",
  phone_type: "office",
  url_type: "url",
};

function fields(values: Record<string, Value>): Fields {
  const result = emptyFields();
  for (const [k, v] of Object.entries(values)) result[k] = v;
  return result;
}

/** Source options as wrangler.toml gives them: `fields` values may be one path or a list. */
type Options = Omit<Partial<MapOptions>, "fields"> & { fields?: Record<string, string | string[]> };

function withDefaults(options: Options): MapOptions {
  return { ...defaults, ...options, fields: FieldMap.parse(options.fields ?? {}) };
}

function mapForm(
  body: Record<string, Value>,
  options: Options = {},
  query: Record<string, Value> = {},
) {
  const extraction = formPreset.extract(
    { kind: "form", body: fields(body), query: fields(query) },
    { headers },
  );
  return mapSubmission(extraction, withDefaults(options), { ignoredKeys: new Set(["_gotcha"]) });
}

function mapJson(body: Value, options: Options = {}) {
  const extraction = jsonPreset.extract({ kind: "json", body, query: emptyFields() }, { headers });
  return mapSubmission(extraction, withDefaults(options));
}

describe("recognised field names", () => {
  const cases: [string, Record<string, Value>, Record<string, unknown>][] = [
    [
      "name, email, phone, company",
      {
        name: "Ada Lovelace",
        email: "ada@example.com",
        phone: "(415) 555-0100",
        company: "Analytical Engines",
      },
      {
        name: "Ada Lovelace",
        emails: [{ email: "ada@example.com", type: "office" }],
        phones: [{ phone: "+14155550100", type: "office" }],
        lead: { name: "Analytical Engines", custom: {} },
      },
    ],
    [
      "case, dashes and spaces alike",
      {
        "Full-Name": "Ada",
        "E-Mail": "ada@example.com",
        "Job Title": "Countess",
        Organization: "AE",
      },
      {
        name: "Ada",
        title: "Countess",
        emails: [{ email: "ada@example.com", type: "office" }],
        lead: { name: "AE", custom: {} },
      },
    ],
    [
      "first and last name make the name",
      { fname: "Ada", last_name: "Lovelace", tel: "+44 20 7946 0958" },
      { name: "Ada Lovelace", phones: [{ phone: "+442079460958", type: "office" }] },
    ],
    [
      "name wins over first and last",
      { name: "A. L.", first_name: "Ada", last_name: "Lovelace", email: "a@example.com" },
      { name: "A. L." },
    ],
    [
      "Contact Form 7 names",
      { "your-name": "Ada", "your-email": "ada@example.com", "your-message": "Hi" },
      { name: "Ada", note: "Hi" },
    ],
    [
      "a website",
      { email: "a@example.com", website: "https://ae.example" },
      { urls: [{ url: "https://ae.example", type: "url" }] },
    ],
    [
      "unicode names kept as typed",
      { name: "  Zoë Ñúñez 李雷  ", email: "z@example.com" },
      { name: "Zoë Ñúñez 李雷" },
    ],
  ];
  it.each(cases)("maps %s", (_, body, expected) => {
    const { draft, problems } = mapForm(body);
    expect(problems).toEqual([]);
    expect(draft).toMatchObject(expected);
  });

  it("lowercases an email's domain only", () => {
    expect(mapForm({ email: "  Ada.L@Example.COM " }).draft.emails).toEqual([
      { email: "Ada.L@example.com", type: "office" },
    ]);
  });

  it("turns repeated emails into several, once each", () => {
    const { draft } = mapForm({ email: ["a@example.com", "b@example.com", "A@example.com"] });
    expect(draft.emails.map((e) => e.email)).toEqual(["a@example.com", "b@example.com"]);
  });

  it("keeps every field that names the same thing, in the form's order", () => {
    const { draft } = mapForm({
      email: "a@example.com",
      "E-Mail": "b@example.com",
      mail: "c@example.com",
    });
    expect(draft.emails.map((e) => e.email)).toEqual([
      "a@example.com",
      "b@example.com",
      "c@example.com",
    ]);
  });

  it("adds a phone or a website once however often it is given", () => {
    const { draft } = mapForm(
      {
        email: "a@example.com",
        phone: ["(415) 555-0100", "+1 415 555 0100", "12", "12"],
        website: ["ae.example", "ae.example", "AE.example"],
      },
      { invalid_phone: "keep" },
    );
    expect(draft.phones.map((p) => p.phone)).toEqual(["+14155550100", "12"]);
    expect(draft.urls.map((u) => u.url)).toEqual(["ae.example", "AE.example"]);
  });

  it("uses the configured types", () => {
    const { draft } = mapForm(
      { email: "a@example.com", phone: "4155550100", url: "x.example" },
      { email_type: "home", phone_type: "mobile", url_type: "website" },
    );
    expect(draft.emails[0]?.type).toBe("home");
    expect(draft.phones[0]?.type).toBe("mobile");
    expect(draft.urls[0]?.type).toBe("website");
  });
});

describe("field paths", () => {
  it("reads JSON paths, lists and first non-empty paths", () => {
    const { draft, problems } = mapJson(
      {
        contact: {
          name: "",
          full: "Ada Lovelace",
          emails: ["ada@example.com", "ada@work.example"],
          phones: [{ number: "4155550100" }],
        },
        company: { name: "AE" },
      },
      {
        fields: {
          name: ["contact.name", "contact.full"],
          emails: ["contact.emails"],
          phone: ["contact.phones[0].number"],
          company: ["company.name"],
        },
      },
    );
    expect(problems).toEqual([]);
    expect(draft.name).toBe("Ada Lovelace");
    expect(draft.emails.map((e) => e.email)).toEqual(["ada@example.com", "ada@work.example"]);
    expect(draft.phones).toEqual([{ phone: "+14155550100", type: "office" }]);
    expect(draft.lead.name).toBe("AE");
  });

  it("finds recognised names at any depth of a JSON body", () => {
    const { draft } = mapJson({
      data: { person: { email: "ada@example.com", phone: "4155550100" } },
    });
    expect(draft.emails).toHaveLength(1);
    expect(draft.phones).toHaveLength(1);
  });

  it("reads the query string as query.<name>", () => {
    const { draft } = mapForm(
      { email: "a@example.com" },
      { fields: { "custom.cf_Src": "query.ref" } },
      { ref: "newsletter" },
    );
    expect(draft.custom).toEqual({ cf_Src: "newsletter" });
  });

  it("maps contact and lead custom fields, lead url and description", () => {
    const { draft } = mapForm(
      {
        email: "a@example.com",
        interests: ["Pricing", "Demo"],
        size: "42",
        site: "https://ae.example",
        about: "Engines",
      },
      {
        fields: {
          "custom.cf_Int": "interests",
          "lead.custom.cf_Size": "size",
          "lead.url": "site",
          "lead.description": "about",
        },
      },
    );
    expect(draft.custom).toEqual({ cf_Int: ["Pricing", "Demo"] });
    expect(draft.lead).toEqual({
      url: "https://ae.example",
      description: "Engines",
      custom: { cf_Size: "42" },
    });
    expect(draft.note).toBeUndefined();
  });

  it("uses explicit fields instead of recognised names", () => {
    const { draft } = mapForm(
      { email: "old@example.com", work: "new@example.com" },
      { fields: { email: "work" } },
    );
    expect(draft.emails.map((e) => e.email)).toEqual(["new@example.com"]);
    expect(draft.note).toBe("email: old@example.com");
  });
});

describe("phones", () => {
  const cases: [string, string, string | undefined][] = [
    ["(904) 555-1234", "US", "+19045551234"],
    ["904.555.1234", "US", "+19045551234"],
    ["+44 20 7946 0958", "US", "+442079460958"],
    ["+44 20 7946 0958", "DE", "+442079460958"],
    ["0049 30 1234567", "DE", "+49301234567"],
    ["030 1234567", "DE", "+49301234567"],
    ["0049 30 1234567", "US", undefined],
    ["12", "US", undefined],
  ];
  it.each(cases)("reads %s in %s", (typed, country, e164) => {
    const { draft } = mapForm(
      { email: "a@example.com", phone: typed },
      { default_country: country as MapOptions["default_country"] },
    );
    expect(draft.phones[0]?.phone).toBe(e164);
  });

  it("drops an invalid phone by default and keeps it in the note", () => {
    const { draft, problems } = mapForm({ email: "a@example.com", phone: "12" });
    expect(problems).toEqual([]);
    expect(draft.phones).toEqual([]);
    expect(draft.note).toContain("phone (not a valid phone number, not added to the contact): 12");
  });

  it("refuses an invalid phone when the source rejects them", () => {
    const { problems } = mapForm(
      { email: "a@example.com", phone: "12" },
      { invalid_phone: "reject" },
    );
    expect(problems).toEqual([
      { field: "phone", problem: expect.stringContaining("not a valid phone number") },
    ]);
  });

  it("sends an invalid phone as typed when the source keeps them", () => {
    const { draft } = mapForm({ email: "a@example.com", phone: " 12 " }, { invalid_phone: "keep" });
    expect(draft.phones).toEqual([{ phone: "12", type: "office" }]);
  });
});

describe("emails", () => {
  it("names the field of an invalid email", () => {
    const { problems } = mapForm({ email: "not-an-email" });
    expect(problems).toEqual([{ field: "email", problem: "is not a valid email address" }]);
  });
});

describe("the note", () => {
  it("holds the message, the other answers, UTM parameters and the page", () => {
    const { draft } = mapForm(
      {
        name: "Ada",
        email: "a@example.com",
        message: "Call me",
        budget: "10k",
        interest: ["A", "B"],
        utm_source: "ads",
        page_url: "https://ae.example/pricing",
        _gotcha: "",
      },
      {},
      { utm_campaign: "spring" },
    );
    expect(draft.note).toBe(
      "Call me\n\nbudget: 10k\ninterest: A, B\n\nutm_source: ads\nutm_campaign: spring\nPage: https://ae.example/pricing",
    );
  });

  it("is absent when everything was mapped", () => {
    expect(mapForm({ name: "Ada", email: "a@example.com", empty: "" }).draft.note).toBeUndefined();
  });

  it("keeps a 10,000-character message whole", () => {
    const long = "x".repeat(10_000);
    expect(mapForm({ email: "a@example.com", message: long }).draft.note).toBe(long);
  });
});

describe("drafts that cannot be a contact", () => {
  it("is refused for having neither an email nor a phone, saying what was looked for", () => {
    const { draft, problems } = mapForm({ name: "Ada", message: "hello" });
    expect(problems).toEqual([]);
    expect(validateDraft(draft, formPreset.contactHint)).toEqual([
      {
        field: "email",
        problem: `there is neither an email nor a phone: Close needs one to find or create the contact (looked for ${formPreset.contactHint})`,
      },
    ]);
  });
});
