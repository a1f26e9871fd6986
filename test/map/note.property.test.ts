// A note writes every answer's text with its line breaks made `\n` and indented under its
// label, whatever the text holds; and a table of the values it writes.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatAnswerLine, formatValue } from "../../src/map/note.ts";
import type { Value } from "../../src/parse/body.ts";

// Texts dense in line breaks, carriage returns and spaces, and any text at all.
const text = fc.oneof(
  fc.string({
    maxLength: 30,
    unit: fc.constantFrom("a", " ", "\r", "\n", "\r\n", "\t", "?", ":", "é"),
  }),
  fc.string({ maxLength: 30 }),
);
const value: fc.Arbitrary<Value> = fc.oneof(
  text,
  fc.array(text, { maxLength: 4 }),
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
);

describe("note text", () => {
  it("makes every line break \\n and trims a text answer", () => {
    fc.assert(
      fc.property(text, (typed) => {
        expect(formatValue(typed)).toBe(typed.replace(/\r\n?/g, "\n").trim());
      }),
      { numRuns: 2000 },
    );
  });

  it("indents every further line of an answer under its label", () => {
    fc.assert(
      fc.property(text, value, (label, answer) => {
        const written = formatValue(answer).replace(/\r?\n/g, "\n  ");
        const expected = /[?:]$/.test(label.trim())
          ? `${label.trim()} ${written}`
          : `${label}: ${written}`;
        expect(formatAnswerLine(label, answer)).toBe(expected);
      }),
      { numRuns: 2000 },
    );
  });

  it("writes each kind of value as a person reads it", () => {
    const cases: [Value, string][] = [
      ["  Hello\r\nworld\r  ", "Hello\nworld"],
      ["one line", "one line"],
      [["a", "", " b "], "a, b"],
      [true, "yes"],
      [false, "no"],
      [42, "42"],
      [null, ""],
    ];
    for (const [answer, written] of cases) expect(formatValue(answer)).toBe(written);
    expect(formatAnswerLine("Why?", "Because\nI can")).toBe("Why? Because\n  I can");
    expect(formatAnswerLine("Company", "Analytical Engines")).toBe("Company: Analytical Engines");
  });
});
