import { parse as parseToml } from "smol-toml";
import { describe, expect, it } from "vitest";
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
