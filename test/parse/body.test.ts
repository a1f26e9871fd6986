import { describe, expect, it } from "vitest";
import { BridgeError } from "../../src/errors.ts";
import { type Fields, parseBody, parseUrlEncoded } from "../../src/parse/body.ts";

const encoder = new TextEncoder();
const refuse = { files: "refuse" } as const;

function bytesOf(text: string) {
  return encoder.encode(text);
}

async function failure(promise: Promise<unknown>): Promise<BridgeError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof BridgeError))
    throw new Error(`expected a BridgeError, got ${String(error)}`);
  return error;
}

function multipart(parts: { name: string; value: string; filename?: string }[]) {
  const boundary = "----bridgeboundary";
  const body = parts
    .map(
      (p) =>
        `--${boundary}\r\nContent-Disposition: form-data; name="${p.name}"${p.filename ? `; filename="${p.filename}"\r\nContent-Type: text/plain` : ""}\r\n\r\n${p.value}\r\n`,
    )
    .join("");
  return {
    bytes: bytesOf(`${body}--${boundary}--\r\n`),
    type: `multipart/form-data; boundary=${boundary}`,
  };
}

describe("parsing bodies by content type", () => {
  it("reads JSON", async () => {
    const payload = await parseBody(
      bytesOf('{"email":"ada@example.com"}'),
      "application/json",
      "",
      refuse,
    );
    expect(payload.kind).toBe("json");
    expect(payload.body).toEqual({ email: "ada@example.com" });
  });

  it("reads JSON sent as text/plain and with a +json type", async () => {
    for (const type of ["text/plain;charset=UTF-8", "application/vnd.api+json"]) {
      const payload = await parseBody(bytesOf('{"a":1}'), type, "", refuse);
      expect(payload.body).toEqual({ a: 1 });
    }
  });

  it("reads URL-encoded forms, repeated names as lists", async () => {
    const payload = await parseBody(
      bytesOf("name=Ada+Lovelace&interest=Pricing&interest=Demo&note=caf%C3%A9"),
      "application/x-www-form-urlencoded",
      "",
      refuse,
    );
    expect(payload.kind).toBe("form");
    expect(payload.body).toEqual({
      name: "Ada Lovelace",
      interest: ["Pricing", "Demo"],
      note: "café",
    });
  });

  it.each([
    ["plain text and plus signs", "a+b+c", "a b c"],
    ["UTF-8 escapes", "caf%C3%A9+%E2%82%AC5", "café €5"],
    ["an escaped plus and percent", "1%2B1%3D2+%25", "1+1=2 %"],
    ["escapes that are not UTF-8", "%FFok", "\uFFFDok"],
    ["a cut-off UTF-8 sequence", "%E2%82", "\uFFFD"],
    ["a byte order mark at a run's start", "%EF%BB%BFx", "x"],
    ["literal characters beside escapes", "é%20ü", "é ü"],
  ])("decodes %s in a form value", (_, encoded, decoded) => {
    expect(parseUrlEncoded(`v=${encoded}`, { part: "body" }).v).toBe(decoded);
  });

  it("decodes a form in the charset its content type names", async () => {
    const payload = await parseBody(
      bytesOf("name=Ren%E9e"),
      "application/x-www-form-urlencoded; charset=ISO-8859-1",
      "",
      refuse,
    );
    expect((payload.body as Fields).name).toBe("Renée");
  });

  it("reads multipart text fields", async () => {
    const form = multipart([
      { name: "email", value: "ada@example.com" },
      { name: "tags", value: "a" },
      { name: "tags", value: "b" },
    ]);
    const payload = await parseBody(form.bytes, form.type, "", refuse);
    expect(payload.body).toEqual({ email: "ada@example.com", tags: ["a", "b"] });
  });

  it("refuses a file part with 415 unless the source ignores files", async () => {
    const form = multipart([
      { name: "email", value: "ada@example.com" },
      { name: "cv", value: "file content", filename: "cv.txt" },
    ]);
    const error = await failure(parseBody(form.bytes, form.type, "", refuse));
    expect(error.code).toBe("unsupported_media_type");
    expect(error.details).toEqual([{ field: "cv", problem: expect.stringContaining("file") }]);
    const ignored = await parseBody(form.bytes, form.type, "", { files: "ignore" });
    expect(ignored.body).toEqual({ email: "ada@example.com" });
  });

  it("makes the query string readable", async () => {
    const payload = await parseBody(
      bytesOf("{}"),
      "application/json",
      "?utm_source=ads&x=1&x=2",
      refuse,
    );
    expect(payload.query).toEqual({ utm_source: "ads", x: ["1", "2"] });
  });
});

describe("refusing bodies", () => {
  const cases: [string, string, string | null, string, RegExp][] = [
    ["no content type", "{}", null, "unsupported_media_type", /missing/],
    [
      "an unsupported content type",
      "<a/>",
      "application/xml",
      "unsupported_media_type",
      /application\/json/,
    ],
    [
      "an unsupported charset",
      "{}",
      "application/json; charset=shift_jis",
      "unsupported_media_type",
      /./,
    ],
    [
      "broken JSON",
      '{"email": "a@b.c",\n "name": }',
      "application/json",
      "malformed_body",
      /expected a value at line 2, column 10/,
    ],
    [
      "truncated JSON",
      '{"email": "a@b',
      "application/json",
      "malformed_body",
      /not closed at line 1, column 15/,
    ],
    [
      "non-JSON text/plain",
      "hello",
      "text/plain",
      "malformed_body",
      /expected a value at line 1, column 1/,
    ],
    [
      "JSON that opens 8,000 brackets and never closes them",
      "[".repeat(8000),
      "application/json",
      "malformed_body",
      /nested deeper than 32 levels at line 1, column 33/,
    ],
    [
      "broken JSON just within the depth limit, where it broke",
      `${"[".repeat(32)}1,}`,
      "application/json",
      "malformed_body",
      /expected a value at line 1, column 35/,
    ],
    [
      "bad percent-encoding",
      "name=%ZZ",
      "application/x-www-form-urlencoded",
      "malformed_body",
      /character 6/,
    ],
    ["multipart without boundary", "x", "multipart/form-data", "malformed_body", /boundary/],
    [
      "a broken multipart body",
      "garbage",
      "multipart/form-data; boundary=zz",
      "malformed_body",
      /boundary never occurs/,
    ],
  ];

  it.each(cases)("answers %s", async (_, body, type, code, problem) => {
    const error = await failure(parseBody(bytesOf(body), type, "", refuse));
    expect(error.code).toBe(code);
    expect(JSON.stringify(error.details ?? error.message)).toMatch(problem);
  });

  it("never quotes the body in a JSON error", async () => {
    const error = await failure(
      parseBody(bytesOf("secret-person@example.com"), "application/json", "", refuse),
    );
    expect(JSON.stringify({ m: error.message, d: error.details })).not.toContain("secret-person");
  });

  it("refuses JSON nested deeper than 32 levels", async () => {
    const deep = `${"[".repeat(33)}${"]".repeat(33)}`;
    const error = await failure(parseBody(bytesOf(deep), "application/json", "", refuse));
    expect(error.details?.[0]?.problem).toMatch(/deeper than 32/);
    await expect(
      parseBody(bytesOf(`${"[".repeat(32)}${"]".repeat(32)}`), "application/json", "", refuse),
    ).resolves.toBeTruthy();
  });

  it("refuses a query string with bad percent-encoding as the query's fault", async () => {
    const error = await failure(parseBody(bytesOf("{}"), "application/json", "?a=%ZZ", refuse));
    expect(error.details).toEqual([
      { field: "query", problem: "invalid percent-encoding at character 3" },
    ]);
  });

  it("refuses JSON with more than 1,000 keys", async () => {
    const keys = (n: number) =>
      JSON.stringify(Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, i])));
    const error = await failure(parseBody(bytesOf(keys(1001)), "application/json", "", refuse));
    expect(error.details?.[0]?.problem).toMatch(/1000 keys/);
    await expect(
      parseBody(bytesOf(keys(1000)), "application/json", "", refuse),
    ).resolves.toBeTruthy();
  });
});

describe("the form field limit", () => {
  const urlEncoded = (n: number) => Array.from({ length: n }, (_, i) => `email=e${i}`).join("&");

  it("refuses a URL-encoded form with more than 1,000 fields, counting repeated names", async () => {
    const error = await failure(
      parseBody(bytesOf(urlEncoded(1001)), "application/x-www-form-urlencoded", "", refuse),
    );
    expect(error.code).toBe("malformed_body");
    expect(error.details).toEqual([{ field: "body", problem: "more than 1000 fields" }]);
    const payload = await parseBody(
      bytesOf(`&${urlEncoded(1000)}&&`),
      "application/x-www-form-urlencoded",
      "",
      refuse,
    );
    expect((payload.body as Fields).email).toHaveLength(1000);
  });

  it("refuses a multipart form with more than 1,000 parts, files included", async () => {
    const parts = (n: number) =>
      Array.from({ length: n }, (_, i) => ({ name: `f${i}`, value: "x" }));
    const over = multipart([...parts(1000), { name: "cv", value: "x", filename: "cv.txt" }]);
    const error = await failure(parseBody(over.bytes, over.type, "", { files: "ignore" }));
    expect(error.code).toBe("malformed_body");
    expect(error.details).toEqual([{ field: "body", problem: "more than 1000 fields" }]);
    const limit = multipart(parts(1000));
    const payload = await parseBody(limit.bytes, limit.type, "", refuse);
    expect(Object.keys(payload.body as Fields)).toHaveLength(1000);
  });

  it("refuses a query string with more than 1,000 fields", async () => {
    const error = await failure(
      parseBody(bytesOf("{}"), "application/json", `?${urlEncoded(1001)}`, refuse),
    );
    expect(error.details).toEqual([{ field: "query", problem: "more than 1000 fields" }]);
  });
});

describe("keys that name prototypes", () => {
  it("keeps __proto__ and constructor as plain data", async () => {
    const payload = await parseBody(
      bytesOf(
        '{"__proto__": {"polluted": true}, "constructor": {"prototype": {"polluted": true}}, "a": {"__proto__": {"x": 1}}}',
      ),
      "application/json",
      "",
      refuse,
    );
    const body = payload.body as Fields;
    expect(Object.getPrototypeOf(body)).toBeNull();
    expect(Object.keys(body)).toEqual(["__proto__", "constructor", "a"]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect((body.a as Fields).x).toBeUndefined();
  });

  it("does the same for form fields", () => {
    const fields = parseUrlEncoded("__proto__=x&constructor=y&toString=z", { part: "body" });
    expect(Object.getPrototypeOf(fields)).toBeNull();
    expect(Object.getOwnPropertyDescriptor(fields, "__proto__")?.value).toBe("x");
    expect(fields.toString).toBe("z");
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
