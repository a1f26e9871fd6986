// docs/errors.md documents every code of the one error vocabulary, with its status and retry rule.
import { describe, expect, it } from "vitest";
import errorsDoc from "../docs/errors.md?raw";
import { ERROR_CATALOG, ErrorCode } from "../src/errors.ts";

/** The rows of the documentation's code table: code, status, retryable. */
function documentedCodes(markdown: string): Map<string, { status: number; retryable: boolean }> {
  const rows = new Map<string, { status: number; retryable: boolean }>();
  for (const match of markdown.matchAll(
    /^\|\s*`([a-z_]+)`\s*\|\s*(\d{3})\s*\|\s*(yes|no)\s*\|/gm,
  )) {
    const [, code, status, retryable] = match;
    if (code) rows.set(code, { status: Number(status), retryable: retryable === "yes" });
  }
  return rows;
}

const documented = documentedCodes(errorsDoc);

describe("the error codes documentation", () => {
  it.each(ErrorCode.options)("documents %s with its status and retry rule", (code) => {
    expect(documented.get(code)).toEqual(ERROR_CATALOG[code]);
  });

  it("documents no code the bridge does not have", () => {
    const unknown = [...documented.keys()].filter(
      (code) => !(ErrorCode.options as readonly string[]).includes(code),
    );
    expect(unknown).toEqual([]);
  });
});
