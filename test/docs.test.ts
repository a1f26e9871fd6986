import { parse as parseToml } from "smol-toml";
import { describe, expect, it } from "vitest";
import { verifyRequest } from "../src/authenticate/signatures.ts";
import { parseConfig } from "../src/config/load.ts";

const docs = import.meta.glob<string>(["../docs/**/*.md", "../README.md"], {
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
