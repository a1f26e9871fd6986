import { parse as parseToml } from "smol-toml";
import { describe, expect, it } from "vitest";
import { createApp } from "../src/app.ts";
import { verifyRequest } from "../src/authenticate/signatures.ts";
import { parseConfig } from "../src/config/load.ts";

const docs = import.meta.glob<string>(["../docs/**/*.md", "../README.md"], {
  query: "?raw",
  import: "default",
  eager: true,
});

const adminSources = import.meta.glob<string>("../src/routes/admin/*.ts", {
  query: "?raw",
  import: "default",
  eager: true,
});

/** The TOML code blocks of a Markdown text. */
function tomlBlocks(markdown: string): string[] {
  return [...markdown.matchAll(/```toml\n([\s\S]*?)```/g)].map((match) => match[1] ?? "");
}

const blocks = Object.entries(docs).flatMap(([file, text]) =>
  tomlBlocks(text).map(
    (block, index) => [`${file.replace("../", "")} #${index + 1}`, block] as const,
  ),
);

describe("configuration examples in the documentation", () => {
  it("exist", () => {
    expect(blocks.length).toBeGreaterThan(5);
  });

  it.each(blocks)("%s is valid", (_, block) => {
    const parsed = parseToml(block.includes("[vars") ? block : `[vars]\n${block}`) as {
      vars?: Record<string, unknown>;
    };
    const result = parseConfig(parsed.vars ?? {});
    expect(result.ok ? [] : result.problems).toEqual([]);
  });
});

describe("the allowed values in docs/configuration.md", () => {
  const page = Object.entries(docs).find(([file]) => file.endsWith("docs/configuration.md"))?.[1];
  const section = page?.split("## Allowed values")[1]?.split("\n## ")[0] ?? "";
  /** The values the table lists for an option (in backticks, before any prose). */
  function listed(option: string): string[] {
    const row = section.split("\n").find((line) => line.startsWith(`| \`${option}\``));
    const cell = row?.split("|")[2] ?? "";
    return [...cell.matchAll(/`([^`]+)`/g)].map((match) => match[1] ?? "");
  }
  /** The values the configuration's error names for a wrong value of an option. */
  function named(source: Record<string, unknown>, field: string): string[] {
    const result = parseConfig({ SOURCES: { s: source } });
    const problem = (result.ok ? [] : result.problems).find((p) => p.field === field)?.problem;
    const list = problem?.split(" is not one of ")[1]?.split(";")[0] ?? "";
    return [...list.matchAll(/"([^"]+)"/g)].map((match) => match[1] ?? "");
  }
  const json = { preset: "json", allow_unprotected: true };
  const hmac = (option: Record<string, unknown>) => ({
    ...json,
    auth: { type: "hmac", secret: "S", header: "X-Sig", ...option },
  });

  it.each<[string, Record<string, unknown>, string]>([
    ["preset", { preset: "?" }, "preset"],
    ["auth.type", { ...json, auth: { type: "?" } }, "auth.type"],
    ["auth.algorithm", hmac({ algorithm: "?" }), "auth.algorithm"],
    ["auth.encoding", hmac({ encoding: "?" }), "auth.encoding"],
    ["auth.signed", hmac({ signed: "?" }), "auth.signed"],
    ["auth.timestamp_unit", hmac({ timestamp_unit: "?" }), "auth.timestamp_unit"],
    ["mode", { ...json, mode: "?" }, "mode"],
    ["invalid_phone", { ...json, invalid_phone: "?" }, "invalid_phone"],
    ["on_duplicate", { ...json, on_duplicate: "?" }, "on_duplicate"],
    ["files", { ...json, files: "?" }, "files"],
    ["activity.note", { ...json, activity: { type: "T", note: "?" } }, "activity.note"],
    [
      "opportunity.value_period",
      { ...json, opportunity: { status: "Active", value_period: "?" } },
      "opportunity.value_period",
    ],
  ])("lists every value of %s that the configuration takes", (option, source, field) => {
    const values = named(source, field);
    expect(values.length).toBeGreaterThan(1);
    expect(new Set(listed(option))).toEqual(new Set(values));
  });
});

describe("the signing sample in docs/providers/tally.md", () => {
  const page =
    Object.entries(docs).find(([file]) => file.endsWith("providers/tally.md"))?.[1] ?? "";
  const body = /^BODY='(.*)'$/m.exec(page)?.[1] ?? "";
  const signature = /# (\S+=)$/m.exec(page)?.[1] ?? "";

  it("is a Tally signature of its body with the development secret", async () => {
    expect(body).toContain('"eventType":"FORM_RESPONSE"');
    const verdict = await verifyRequest(
      { type: "tally", secret: "TALLY_SECRET", tolerance_s: 300 },
      {
        method: "POST",
        url: "http://127.0.0.1:8787/v1/hooks/tally",
        headers: new Headers({ "tally-signature": signature }),
        body: new TextEncoder().encode(body),
      },
      () => "dev-tally-secret-change-me",
      Date.now(),
    );
    expect(verdict).toEqual({ ok: true });
  });
});

describe("the admin API's list of endpoints in docs/admin.md", () => {
  const page = Object.entries(docs).find(([file]) => file.endsWith("docs/admin.md"))?.[1] ?? "";
  const section = page.split("\n## The admin API\n")[1]?.split("\n### ")[0] ?? "";
  /** Each row of the endpoints table: method, path, and the parameters its query cell names. */
  const rows = section
    .split("\n")
    .map((line) => /^\| `(GET|POST|PUT|PATCH|DELETE)` +\| `([^`]+)` +\| ([^|]*)\|/.exec(line))
    .filter((match): match is RegExpExecArray => match !== null)
    .map(([, method, path, query]) => ({
      route: `${method} ${path}`,
      // The parameters, without what parentheses say of their values.
      query: [...(query ?? "").replace(/\([^)]*\)/g, "").matchAll(/`([a-z_]+)`/g)]
        .map((m) => m[1] ?? "")
        .sort(),
    }));
  const registered = createApp()
    .routes.filter((r) => r.path.startsWith("/v1/admin/") && r.method !== "ALL")
    .map((r) => `${r.method} ${r.path}`);

  it("lists every route the Worker registers under /v1/admin, and no other", () => {
    expect(registered.length).toBeGreaterThan(10);
    expect(rows.map((r) => r.route).sort()).toEqual([...new Set(registered)].sort());
  });

  /** The query parameters a route file reads: its strict query schema's keys and `query("x")`. */
  function readParameters(route: string): string[] {
    const [method, path] = route.split(" ");
    const file = Object.entries(adminSources).find(
      ([, text]) =>
        text.includes(`app.${method?.toLowerCase()}(\n    "${path}"`) ||
        text.includes(`app.${method?.toLowerCase()}("${path}"`),
    );
    if (!file) return [];
    // The route file and the files of this folder it imports (the list's page reader).
    const texts = [file[1]];
    for (const [, local] of file[1].matchAll(/from "\.\/([\w-]+)\.ts"/g)) {
      const imported = adminSources[`../src/routes/admin/${local}.ts`];
      if (imported && local !== "query") texts.push(imported);
    }
    const names = new Set<string>();
    for (const text of texts) {
      for (const [, name] of text.matchAll(/c\.req\.query\("(\w+)"\)/g)) names.add(name ?? "");
      const schema = /const \w+Query = z\.strictObject\(\{([\s\S]*?)\n\}\);/.exec(text)?.[1];
      for (const [, name] of (schema ?? "").matchAll(/^ {2}(\w+):/gm)) names.add(name ?? "");
    }
    return [...names].sort();
  }

  it.each(registered.map((route) => [route]))(
    "%s: documents exactly the query parameters it reads",
    (route) => {
      expect(rows.find((r) => r.route === route)?.query).toEqual(readParameters(route));
    },
  );

  it("is the only list: the other pages link to it instead of listing endpoints", () => {
    for (const [file, text] of Object.entries(docs)) {
      if (file.endsWith("docs/admin.md")) continue;
      expect(text, file).not.toMatch(/^\| `(GET|POST|PUT|PATCH|DELETE)[ `]+\/v1\/admin/m);
    }
    expect(docs["../docs/delivery.md"]).toContain("(admin.md#the-admin-api)");
  });
});
