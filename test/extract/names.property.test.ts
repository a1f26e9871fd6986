// Field names are recognised alike whatever their case and separators, and a normalized name is final.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { normalizeName } from "../../src/extract/names.ts";

/** Names as forms write them: letters, digits, separators, list indexes, and some Unicode. */
const name = fc.string({
  maxLength: 24,
  unit: fc.oneof(
    fc.constantFrom("a", "B", "e", "M", "1", "-", "_", ".", " ", "\t", "[", "]", "[0]", "[12]"),
    fc.string({ minLength: 1, maxLength: 1, unit: "grapheme" }),
  ),
});
const asciiName = fc.string({
  maxLength: 24,
  unit: fc.constantFrom("a", "B", "e", "M", "1", "-", "_", ".", " ", "[", "]", "[0]"),
});
const RUNS = { numRuns: 1000 };

describe("normalizeName", () => {
  it.each([
    ["email[0]", "email"],
    ["email[0] ", "email"],
    ["email[0].", "email"],
    ["email[0]_", "email"],
    ["Phone-Number[1][2]", "phone_number"],
    ["first name [3]", "first_name"],
    ["tags[]", "tags[]"],
    ["a[1]b", "a[1]b"],
  ])(
    "reads %j as %j (a list index at the end is left out, separators after it or not)",
    (text, expected) => {
      expect(normalizeName(text)).toBe(expected);
    },
  );

  it("reads a name the same in any letter case (ASCII names)", () => {
    fc.assert(
      fc.property(asciiName, (text) => {
        expect(normalizeName(text.toUpperCase())).toBe(normalizeName(text.toLowerCase()));
        expect(normalizeName(text)).toBe(normalizeName(text.toLowerCase()));
      }),
      RUNS,
    );
  });

  it("reads a name the same when it is already lower case (any Unicode)", () => {
    fc.assert(
      fc.property(name, (text) => {
        expect(normalizeName(text.toLowerCase())).toBe(normalizeName(text));
      }),
      RUNS,
    );
  });

  it("leaves no space, dash or dot in a name, and no underscore at its ends or doubled", () => {
    fc.assert(
      fc.property(name, (text) => {
        const normalized = normalizeName(text);
        expect(normalized).not.toMatch(/[\s\-.]|__|^_|_$/);
      }),
      RUNS,
    );
  });

  it("reads `-`, `_`, `.` and spaces between words alike", () => {
    const separator = fc.constantFrom("-", "_", ".", " ", " - ", "__", ". ");
    fc.assert(
      fc.property(
        fc.array(fc.string({ minLength: 1, maxLength: 6, unit: fc.constantFrom("a", "B", "7") }), {
          minLength: 1,
          maxLength: 5,
        }),
        fc.array(separator, { minLength: 4, maxLength: 4 }),
        (words, separators) => {
          const joined = words.reduce((text, word, i) => `${text}${separators[i % 4]}${word}`);
          expect(normalizeName(joined)).toBe(words.join("_").toLowerCase());
        },
      ),
      RUNS,
    );
  });

  it("changes nothing in a name that is already normalized (list indexes and all)", () => {
    fc.assert(
      fc.property(name, (text) => {
        const normalized = normalizeName(text);
        expect(normalizeName(normalized)).toBe(normalized);
      }),
      RUNS,
    );
  });
});
