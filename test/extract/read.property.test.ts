// Reading a parsed object's entries gives exactly Object.entries' answer, in its order, for any
// keys a sender can send (index-like ones and `__proto__` included); unwrapping `{ value }`
// wrappers keeps every key.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { entriesOf, unwrapValues } from "../../src/extract/payload/read.ts";
import { type Fields, parseJson } from "../../src/parse/body.ts";

const key = fc.oneof(
  fc.constantFrom(
    "__proto__",
    "constructor",
    "toString",
    "0",
    "1",
    "10",
    "-1",
    "01",
    "4294967295",
    "",
  ),
  fc.string({ maxLength: 6 }),
);
const leaf = fc.oneof(fc.string({ maxLength: 4 }), fc.integer(), fc.boolean(), fc.constant(null));

describe("entriesOf", () => {
  it("answers Object.entries of every object parsing makes", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(key, leaf), { maxLength: 12 }), (pairs) => {
        // Built as JSON text, so that `__proto__` is a key, as a sender's body makes it.
        const text = `{${pairs.map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)}`).join(",")}}`;
        const fields = parseJson(text) as Fields;
        expect(entriesOf(fields)).toEqual(Object.entries(fields));
      }),
      { numRuns: 1000 },
    );
  });

  it("lists index-like keys first, then the others as sent", () => {
    const fields = parseJson('{"b":1,"2":2,"__proto__":3,"1":4,"a":5}') as Fields;
    expect(entriesOf(fields)).toEqual([
      ["1", 4],
      ["2", 2],
      ["b", 1],
      ["__proto__", 3],
      ["a", 5],
    ]);
  });
});

describe("unwrapValues", () => {
  it("replaces each { value } wrapper by its value, a wrapper without one by null, and keeps the rest", () => {
    const fields = parseJson(
      '{"company":{"value":"X","versions":[]},"empty":{"label":"E"},"plain":"p","__proto__":{"value":1}}',
    ) as Fields;
    const values = unwrapValues(fields);
    expect(Object.getPrototypeOf(values)).toBeNull();
    expect(entriesOf(values)).toEqual([
      ["company", "X"],
      ["empty", null],
      ["plain", "p"],
      ["__proto__", 1],
    ]);
  });
});
