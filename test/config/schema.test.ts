import { parse as parseToml } from "smol-toml";
import { describe, expect, it } from "vitest";
import {
  type ConfigResult,
  checkConfig,
  findMissingSecrets,
  parseConfig,
} from "../../src/config/load.ts";
import wranglerToml from "../../wrangler.toml?raw";

function problemsOf(result: ConfigResult) {
  return result.ok ? [] : result.problems;
}

function sourceOf(result: ConfigResult, name: string) {
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  const source = result.config.sources.get(name);
  if (!source) throw new Error(`no source ${name}`);
  return source;
}

describe("the configuration schema", () => {
  it("accepts the shipped wrangler.toml", () => {
    const vars = (parseToml(wranglerToml) as { vars: Record<string, unknown> }).vars;
    expect(problemsOf(parseConfig(vars))).toEqual([]);
  });

  it("spells out the typeform example's auth in the shipped wrangler.toml", () => {
    // The example a newcomer copies for a signed sender: its scheme and secret in plain sight.
    const vars = (parseToml(wranglerToml) as { vars: { SOURCES: Record<string, unknown> } }).vars;
    expect(vars.SOURCES.typeform).toMatchObject({
      auth: { type: "typeform", secret: "TYPEFORM_SECRET" },
    });
  });

  it("fills the documented defaults", () => {
    const source = sourceOf(
      parseConfig({ SOURCES: { site: { preset: "form", honeypot: "_gotcha" } } }),
      "site",
    );
    expect(source).toMatchObject({
      name: "site",
      auth: { type: "none" },
      mode: "queue",
      default_country: "US",
      invalid_phone: "drop",
      on_duplicate: "update",
      lead: "by_company",
      email_type: "office",
      phone_type: "office",
      url_type: "url",
      files: "refuse",
      max_body_kb: 64,
      max_retries: 10,
      fields: {},
    });
  });

  it("gives a signing preset its scheme and a <SOURCE>_SECRET by default", () => {
    const result = parseConfig({ SOURCES: { cal_com: { preset: "cal_com" } } });
    expect(sourceOf(result, "cal_com").auth).toEqual({
      type: "cal_com",
      secret: "CAL_COM_SECRET",
      tolerance_s: 300,
    });
  });

  it("normalizes a field given as one path into a list", () => {
    const result = parseConfig({
      SOURCES: {
        z: {
          preset: "json",
          auth: { type: "token", secret: "Z_TOKEN" },
          fields: { email: "contact.email", name: ["full_name", "name"] },
        },
      },
    });
    expect(sourceOf(result, "z").fields).toEqual({
      email: ["contact.email"],
      name: ["full_name", "name"],
    });
  });

  it("strips a trailing slash from CLOSE_API_BASE and defaults it to Close", () => {
    const custom = parseConfig({ CLOSE_API_BASE: "http://127.0.0.1:8788/api/v1/" });
    const standard = parseConfig({});
    expect(custom.ok && custom.config.CLOSE_API_BASE).toBe("http://127.0.0.1:8788/api/v1");
    expect(standard.ok && standard.config.CLOSE_API_BASE).toBe("https://api.close.com/api/v1");
  });

  it("reads SOURCES given as a JSON string", () => {
    const result = parseConfig({
      SOURCES: JSON.stringify({ s: { preset: "form", honeypot: "h" } }),
    });
    expect(sourceOf(result, "s").honeypot).toBe("h");
  });

  const mistakes: [
    string,
    Record<string, unknown>,
    { source?: string; field: string; problem: RegExp },
  ][] = [
    [
      "a misspelled option",
      { preset: "form", honeypot: "h", alowed_origins: [] },
      { source: "s", field: "alowed_origins", problem: /not a known option/ },
    ],
    [
      "an unknown preset",
      { preset: "googleforms" },
      { source: "s", field: "preset", problem: /^"googleforms" is not one of "form", "json", / },
    ],
    [
      "a misspelt preset",
      { preset: "typefrom" },
      { source: "s", field: "preset", problem: /; did you mean "typeform"\?$/ },
    ],
    [
      "a missing preset",
      { honeypot: "h" },
      { source: "s", field: "preset", problem: /^is required: one of "form", "json", / },
    ],
    [
      "a misspelt option, with the closest known one",
      { preset: "form", honeypot: "h", defualt_country: "US" },
      {
        source: "s",
        field: "defualt_country",
        problem: /^is not a known option; did you mean "default_country"\?$/,
      },
    ],
    [
      "a misspelt auth option, among the options of its type",
      { preset: "json", auth: { type: "token", secret: "S", qeury: true } },
      { source: "s", field: "auth.qeury", problem: /did you mean "query"\?$/ },
    ],
    [
      "a misspelt auth type",
      { preset: "json", auth: { type: "hamc", secret: "S", header: "X-Sig" } },
      {
        source: "s",
        field: "auth.type",
        problem: /"none", "token", "basic", "hmac", .*did you mean "hmac"\?$/,
      },
    ],
    [
      "an auth without its type",
      { preset: "json", auth: { secret: "S" } },
      { source: "s", field: "auth.type", problem: /^is required: one of "none", "token", / },
    ],
    [
      "a wrong HMAC algorithm",
      { preset: "json", auth: { type: "hmac", secret: "S", header: "X-Sig", algorithm: "sha265" } },
      {
        source: "s",
        field: "auth.algorithm",
        problem: /^"sha265" is not one of "sha1", "sha256", "sha512"; did you mean "sha256"\?$/,
      },
    ],
    [
      "a wrong HMAC encoding",
      { preset: "json", auth: { type: "hmac", secret: "S", header: "X-Sig", encoding: "b64" } },
      { source: "s", field: "auth.encoding", problem: /^"b64" is not one of "hex", "base64"$/ },
    ],
    [
      "a wrong HMAC signed string",
      { preset: "json", auth: { type: "hmac", secret: "S", header: "X-Sig", signed: "raw" } },
      {
        source: "s",
        field: "auth.signed",
        problem: /^"raw" is not one of "body", "timestamp.body"$/,
      },
    ],
    [
      "an HMAC without its header",
      { preset: "json", auth: { type: "hmac", secret: "S" } },
      { source: "s", field: "auth.header", problem: /^is required$/ },
    ],
    [
      "a token header that is no header name",
      { preset: "json", auth: { type: "token", secret: "S", header: "X Api Key:" } },
      { source: "s", field: "auth.header", problem: /HTTP header name/ },
    ],
    [
      "a wrong mode",
      { preset: "form", honeypot: "h", mode: "async" },
      {
        source: "s",
        field: "mode",
        problem: /^"async" is not one of "queue", "sync"; did you mean "sync"\?$/,
      },
    ],
    [
      "a rate limit that is neither yes/no nor a binding",
      { preset: "form", honeypot: "h", rate_limit: "yes" },
      {
        source: "s",
        field: "rate_limit",
        problem: /true, false or the name of a \[\[ratelimits\]\] binding/,
      },
    ],
    [
      "a value of the wrong kind",
      { preset: "form", honeypot: "h", turnstile: "yes" },
      { source: "s", field: "turnstile", problem: /^must be true or false, not text in quotes$/ },
    ],
    [
      "a field path with two dots in a row",
      { preset: "json", allow_unprotected: true, fields: { phone: "user..phone" } },
      {
        source: "s",
        field: "fields.phone",
        problem: /^"user\.\.phone" is not a valid path: it has two dots in a row/,
      },
    ],
    [
      "a bad path in a list of paths",
      { preset: "json", allow_unprotected: true, fields: { email: ["email", "contact.email."] } },
      { source: "s", field: "fields.email.1", problem: /"contact.email." .*ends with a dot/ },
    ],
    [
      "a dedupe key path with a broken bracket",
      { preset: "json", allow_unprotected: true, dedupe_key: "items[x].id" },
      { source: "s", field: "dedupe_key", problem: /has a "\[" that is not \[<number>\]/ },
    ],
    [
      "a misspelt contact field, with the closest one",
      { preset: "form", honeypot: "h", fields: { emial: "e" } },
      { source: "s", field: "fields.emial", problem: /did you mean "email"\?/ },
    ],
    [
      "an inline secret",
      { preset: "json", auth: { type: "token", secret: "hunter2" } },
      { source: "s", field: "auth.secret", problem: /capitals/ },
    ],
    [
      "an unprotected public source",
      { preset: "form" },
      { source: "s", field: "auth", problem: /anyone could write/ },
    ],
    [
      "a signing preset whose auth is set to none",
      { preset: "typeform", auth: { type: "none" } },
      { source: "s", field: "auth", problem: /anyone could write/ },
    ],
    [
      "a path in an origin",
      { preset: "form", allowed_origins: ["https://a.example/page"] },
      { source: "s", field: "allowed_origins.0", problem: /origin/ },
    ],
    [
      "a query in an origin",
      { preset: "form", allowed_origins: ["https://a.example/?from=ad"] },
      { source: "s", field: "allowed_origins.0", problem: /origin/ },
    ],
    [
      "an origin that is no site",
      { preset: "form", allowed_origins: ["file:///tmp"] },
      { source: "s", field: "allowed_origins.0", problem: /origin/ },
    ],
    [
      "an unknown country",
      { preset: "form", honeypot: "h", default_country: "XX" },
      { source: "s", field: "default_country", problem: /country/ },
    ],
    [
      "an unknown contact field",
      { preset: "form", honeypot: "h", fields: { emial: "e" } },
      { source: "s", field: "fields.emial", problem: /not a contact field/ },
    ],
    [
      "a bad lead option",
      { preset: "form", honeypot: "h", lead: "company" },
      { source: "s", field: "lead", problem: /by_company/ },
    ],
    [
      "a huge body limit",
      { preset: "form", honeypot: "h", max_body_kb: 100_000 },
      { source: "s", field: "max_body_kb", problem: /1024/ },
    ],
    [
      "a relative redirect",
      { preset: "form", honeypot: "h", redirect: "/thanks" },
      { source: "s", field: "redirect", problem: /absolute/ },
    ],
    [
      "hmac over a timestamp without its header",
      {
        preset: "json",
        auth: { type: "hmac", secret: "S", header: "x-sig", signed: "timestamp.body" },
      },
      { source: "s", field: "auth.timestamp_header", problem: /timestamp_header/ },
    ],
  ];

  it.each(mistakes)("names the source, key and problem for %s", (_, source, expected) => {
    const problems = problemsOf(parseConfig({ SOURCES: { s: source } }));
    expect(problems).toContainEqual({
      source: expected.source,
      field: expected.field,
      problem: expect.stringMatching(expected.problem),
    });
  });

  it("keeps allowed origins as browsers send Origin: lower-case, no default port, no trailing slash", () => {
    const result = parseConfig({
      SOURCES: {
        s: {
          preset: "form",
          allowed_origins: [
            "http://localhost:8789/",
            "HTTPS://Example.COM",
            "https://a.example:443",
          ],
        },
      },
    });
    expect(sourceOf(result, "s").allowed_origins).toEqual([
      "http://localhost:8789",
      "https://example.com",
      "https://a.example",
    ]);
  });

  it("accepts an unprotected source that says so", () => {
    expect(
      problemsOf(parseConfig({ SOURCES: { s: { preset: "json", allow_unprotected: true } } })),
    ).toEqual([]);
  });

  it("refuses a source name that cannot be a URL segment", () => {
    expect(
      problemsOf(parseConfig({ SOURCES: { "My Form": { preset: "form", honeypot: "h" } } })),
    ).toContainEqual({
      source: "My Form",
      field: "(source)",
      problem: expect.stringContaining("lowercase"),
    });
  });
});

describe("a broken source breaks only itself", () => {
  const vars = {
    SOURCES: {
      good: { preset: "json", auth: { type: "token", secret: "GOOD_TOKEN" } },
      typo: { preset: "form", honeypot: "h", mode: "async" },
      unsigned: {
        preset: "tally",
        redirect: "https://example.com/thanks",
        error_redirect: "https://example.com/oops",
      },
    },
  };

  it("keeps the sources that parse, and lists each broken one with its problems", () => {
    const result = parseConfig(vars);
    expect(result.ok).toBe(false);
    expect([...(result.config?.sources.keys() ?? [])]).toEqual(["good", "unsigned"]);
    expect(result.config?.broken.get("typo")?.problems).toEqual([
      {
        source: "typo",
        field: "mode",
        problem: '"async" is not one of "queue", "sync"; did you mean "sync"?',
      },
    ]);
    expect(result.ok ? [] : result.problems.map((p) => p.source)).toEqual(["typo"]);
  });

  it("breaks a source whose secret is not set, keeping its error page", () => {
    const result = checkConfig(
      parseConfig(vars),
      { CLOSE_API_KEY: "k", GOOD_TOKEN: "t" },
      () => true,
    );
    expect([...(result.config?.sources.keys() ?? [])]).toEqual(["good"]);
    expect(result.config?.broken.get("unsigned")).toEqual({
      name: "unsigned",
      problems: [
        {
          source: "unsigned",
          field: "auth.secret",
          problem: "the secret UNSIGNED_SECRET is not set",
        },
      ],
      errorRedirect: "https://example.com/oops",
    });
  });

  it("breaks a source whose rate-limiting binding is missing", () => {
    const result = checkConfig(
      parseConfig({
        SOURCES: { site: { preset: "form", honeypot: "h", rate_limit: "FORM_LIMITER" } },
      }),
      { CLOSE_API_KEY: "k" },
      (name) => name === "RATE_LIMITER",
    );
    expect(result.config?.broken.get("site")?.problems).toEqual([
      {
        source: "site",
        field: "rate_limit",
        problem: "no [[ratelimits]] binding named FORM_LIMITER in wrangler.toml",
      },
    ]);
  });

  it("stops every source when CLOSE_API_KEY is missing, but still knows their names", () => {
    const result = checkConfig(
      parseConfig(vars),
      { GOOD_TOKEN: "t", UNSIGNED_SECRET: "u" },
      () => true,
    );
    expect(result.config?.problems).toEqual([
      { field: "CLOSE_API_KEY", problem: "the secret is not set" },
    ]);
    expect([...(result.config?.sources.keys() ?? [])]).toEqual(["good", "unsigned"]);
  });

  it("cannot read the sources when [vars] themselves are wrong", () => {
    const result = parseConfig({ CLOSE_API_BASE: "ftp://close", SOURCES: vars.SOURCES });
    expect(result.config).toBeUndefined();
    expect(result.ok ? [] : result.problems).toEqual([
      { field: "CLOSE_API_BASE", problem: "must be an absolute http(s) URL" },
    ]);
  });
});

describe("secrets named by the configuration", () => {
  const result = parseConfig({
    SOURCES: {
      tf: { preset: "typeform" },
      site: { preset: "form", turnstile: true },
      zap: { preset: "json", auth: { type: "token", secret: "ZAP_TOKEN" } },
    },
  });

  it("lists each missing one with its source", () => {
    if (!result.ok) throw new Error("expected a valid configuration");
    expect(findMissingSecrets(result.config, { CLOSE_API_KEY: "k", ZAP_TOKEN: "t" })).toEqual([
      { source: "tf", field: "auth.secret", problem: "the secret TF_SECRET is not set" },
      { source: "site", field: "turnstile", problem: "the secret TURNSTILE_SECRET is not set" },
    ]);
  });

  it("requires CLOSE_API_KEY", () => {
    if (!result.ok) throw new Error("expected a valid configuration");
    const all = { TF_SECRET: "a", TURNSTILE_SECRET: "b", ZAP_TOKEN: "c" };
    expect(findMissingSecrets(result.config, all)).toEqual([
      { field: "CLOSE_API_KEY", problem: "the secret is not set" },
    ]);
  });
});
