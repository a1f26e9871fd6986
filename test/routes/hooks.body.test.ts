import { beforeEach, describe, expect, it } from "vitest";
import { ErrorBody, type ErrorDetail } from "../../src/errors.ts";
import { bridgeWith, formBody } from "../helpers/bridge.ts";
import { resetWorld } from "../helpers/reset.ts";
import { simContacts, simNotes, simRequests } from "../helpers/sim.ts";

beforeEach(resetWorld);

/** A bridge with one form source `form` and one JSON source `json`, both in sync mode. */
const bridge = (options: Record<string, unknown> = {}) =>
  bridgeWith({
    SOURCES: {
      form: { preset: "form", allow_unprotected: true, mode: "sync", ...options },
      json: { preset: "json", allow_unprotected: true, mode: "sync", ...options },
    },
  });

const FORM = { accept: "application/json", "content-type": "application/x-www-form-urlencoded" };
const JSON_TYPE = { "content-type": "application/json" };

/** A multipart body with an email field and a file part, as a browser's FormData sends it. */
function formWithFile(): FormData {
  const form = new FormData();
  form.append("email", "ada@example.com");
  form.append("cv", new File(["Ada's CV"], "cv.txt", { type: "text/plain" }));
  return form;
}

/** A form of `n` fields named `f0`, `f1`, ... besides an email. */
const manyFields = (n: number) =>
  `email=ada%40example.com&${Array.from({ length: n }, (_, i) => `f${i}=x`).join("&")}`;

/** A JSON object with `n` keys besides an email. */
const manyKeys = (n: number) =>
  JSON.stringify({
    email: "ada@example.com",
    ...Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, i])),
  });

/** Sends `init` to a source and checks the exact refusal, and that Close heard nothing. */
async function expectRefused(
  send: ReturnType<typeof bridge>,
  source: "form" | "json",
  init: RequestInit,
  status: number,
  code: string,
  details: ErrorDetail[] | undefined,
) {
  const response = await send(`/v1/hooks/${source}`, { method: "POST", ...init });
  expect(response.status).toBe(status);
  const error = ErrorBody.parse(await response.json()).error;
  expect(error.code).toBe(code);
  expect(error.details).toEqual(details);
  expect(await simRequests()).toEqual([]);
}

describe("bodies refused before Close", () => {
  const cases: [string, "form" | "json", RequestInit, number, string, ErrorDetail[] | undefined][] =
    [
      [
        "a file part",
        "form",
        { headers: { accept: "application/json" }, body: formWithFile() },
        415,
        "unsupported_media_type",
        [{ field: "cv", problem: "is a file; this source accepts text fields only" }],
      ],
      [
        "malformed URL-encoded data",
        "form",
        { headers: FORM, body: "email=ada%40example.com&name=%ZZ" },
        400,
        "malformed_body",
        [{ field: "body", problem: "invalid percent-encoding at character 30" }],
      ],
      [
        "malformed multipart data",
        "form",
        {
          headers: { ...FORM, "content-type": "multipart/form-data; boundary=zz" },
          body: '--zz\r\nContent-Disposition: form-data; name="email"\r\n\r\nada@example.com',
        },
        400,
        "malformed_body",
        [{ field: "body", problem: "the body ends before its closing boundary" }],
      ],
      [
        "JSON nested deeper than 32 levels",
        "json",
        {
          headers: JSON_TYPE,
          body: `{"email":"ada@example.com","x":${"[".repeat(32)}${"]".repeat(32)}}`,
        },
        400,
        "malformed_body",
        [{ field: "body", problem: "nested deeper than 32 levels" }],
      ],
      [
        "JSON with more than 1,000 keys",
        "json",
        { headers: JSON_TYPE, body: manyKeys(1000) },
        400,
        "malformed_body",
        [{ field: "body", problem: "more than 1000 keys" }],
      ],
      [
        "a form with more than 1,000 fields",
        "form",
        { headers: FORM, body: manyFields(1000) },
        400,
        "malformed_body",
        [{ field: "body", problem: "more than 1000 fields" }],
      ],
      [
        "an unsupported charset",
        "json",
        {
          headers: { "content-type": "application/json; charset=shift_jis" },
          body: '{"email":"ada@example.com"}',
        },
        415,
        "unsupported_media_type",
        undefined,
      ],
      [
        "8,000 opening brackets of broken JSON",
        "json",
        { headers: JSON_TYPE, body: "[".repeat(8000) },
        400,
        "malformed_body",
        [{ field: "body", problem: "nested deeper than 32 levels at line 1, column 33" }],
      ],
    ];

  it.each(cases)(
    "answers %s with its status and code, and sends nothing to Close",
    async (_, source, init, status, code, details) => {
      await expectRefused(bridge(), source, init, status, code, details);
    },
  );
});

describe("bodies accepted", () => {
  it("takes the text fields of a form with a file when the source ignores files", async () => {
    const response = await bridge({ files: "ignore" })("/v1/hooks/form", {
      method: "POST",
      headers: { accept: "application/json" },
      body: formWithFile(),
    });
    expect(response.status).toBe(201);
    const [contact, ...others] = await simContacts();
    expect(others).toEqual([]);
    expect(contact?.emails).toEqual([expect.objectContaining({ email: "ada@example.com" })]);
    expect(JSON.stringify(await simRequests())).not.toContain("cv.txt");
  });

  it("reads JSON sent as text/plain", async () => {
    const response = await bridge()("/v1/hooks/json", {
      method: "POST",
      headers: { "content-type": "text/plain;charset=UTF-8" },
      body: JSON.stringify({ name: "Ada Lovelace", email: "ada@example.com" }),
    });
    expect(response.status).toBe(201);
    expect(await simContacts()).toEqual([
      expect.objectContaining({
        name: "Ada Lovelace",
        emails: [expect.objectContaining({ email: "ada@example.com" })],
      }),
    ]);
  });

  it("keeps __proto__ and constructor keys of JSON as plain answers", async () => {
    const response = await bridge()("/v1/hooks/json", {
      method: "POST",
      headers: JSON_TYPE,
      body: '{"__proto__": {"polluted": "yes"}, "constructor": {"prototype": {"polluted": "yes"}}, "name": "Ada", "email": "ada@example.com"}',
    });
    expect(response.status).toBe(201);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(await simContacts()).toEqual([
      expect.objectContaining({
        name: "Ada",
        emails: [expect.objectContaining({ email: "ada@example.com" })],
      }),
    ]);
    expect((await simNotes())[0]?.note).toContain(
      "__proto__.polluted: yes\nconstructor.prototype.polluted: yes",
    );
  });

  it("keeps __proto__ and constructor fields of a form as plain answers", async () => {
    const response = await bridge()("/v1/hooks/form", {
      method: "POST",
      headers: FORM,
      body: "__proto__=polluted&constructor=x&name=Ada&email=ada%40example.com",
    });
    expect(response.status).toBe(201);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(await simContacts()).toEqual([
      expect.objectContaining({
        name: "Ada",
        emails: [expect.objectContaining({ email: "ada@example.com" })],
      }),
    ]);
    expect((await simNotes())[0]?.note).toContain("__proto__: polluted\nconstructor: x");
  });
});

describe("submissions over Close's limits", () => {
  const over = "x".repeat(1001);
  const cases: [string, Record<string, string | string[]>, ErrorDetail[]][] = [
    [
      "a name over 1,000 characters",
      { name: over, email: "ada@example.com" },
      [{ field: "name", problem: "is longer than Close's limit of 1000 characters" }],
    ],
    [
      "a title over 1,000 characters",
      { title: over, email: "ada@example.com" },
      [{ field: "title", problem: "is longer than Close's limit of 1000 characters" }],
    ],
    [
      "more than 100 emails",
      { email: Array.from({ length: 101 }, (_, i) => `ada${i}@example.com`) },
      [{ field: "emails", problem: "has more than Close's limit of 100 items" }],
    ],
  ];

  it.each(cases)("refuses %s with 422 naming the field", async (_, fields, details) => {
    await expectRefused(
      bridge(),
      "form",
      { headers: FORM, body: formBody(fields) },
      422,
      "unmappable",
      details,
    );
  });

  it("refuses an invalid phone with 422 naming it when the source rejects them", async () => {
    await expectRefused(
      bridge({ invalid_phone: "reject", default_country: "US" }),
      "form",
      { headers: FORM, body: formBody({ email: "ada@example.com", phone: "12" }) },
      422,
      "unmappable",
      [{ field: "phone", problem: "is not a valid phone number (read with default country US)" }],
    );
  });
});
