// Forms and JSON parse back to exactly what was sent, into objects no key can give a prototype.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { BridgeError } from "../../src/errors.ts";
import {
  type Fields,
  parseBody,
  parseJson,
  parseUrlEncoded,
  type Value,
} from "../../src/parse/body.ts";
import { FORM_LIMITS, JSON_LIMITS } from "../../src/parse/limits.ts";

const RUNS = { numRuns: 300 };

/** Text a sender may type: any code point (lone surrogates included), and the awkward ASCII. */
const text = fc
  .oneof(
    fc.string({ maxLength: 12, unit: "binary" }),
    fc.string({
      maxLength: 12,
      unit: fc.constantFrom("a", "=", "&", "+", "%", "%2", "%zz", " ", "é", "😀", "__proto__"),
    }),
    fc.constantFrom("__proto__", "constructor", "prototype", "toString", ""),
    // A byte order mark at the start of a run of escapes is dropped, as a decoder drops it.
  )
  .filter((typed) => !typed.includes("\uFEFF"));

/** Repeated keys as lists, in order: what parseUrlEncoded's documentation promises. */
function groupPairs(pairs: [string, string][]): Record<string, string | string[]> {
  const grouped: Record<string, string | string[]> = Object.create(null);
  for (const [key, value] of pairs) {
    const existing = grouped[key];
    if (existing === undefined) grouped[key] = value;
    else if (Array.isArray(existing)) existing.push(value);
    else grouped[key] = [existing, value];
  }
  return grouped;
}

/** Every plain object in `value`, at any depth, made without a prototype. */
function hasNoPrototypes(value: unknown): boolean {
  if (value === null || typeof value !== "object") return true;
  if (Array.isArray(value)) return value.every(hasNoPrototypes);
  return Object.getPrototypeOf(value) === null && Object.values(value).every(hasNoPrototypes);
}

describe("parseUrlEncoded", () => {
  it("gives back every pair a browser encodes, repeated keys as lists in order, without a prototype", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(text, text), { maxLength: 20 }), (pairs) => {
        // A browser sends Unicode text (a lone surrogate goes as U+FFFD): what it holds is sent.
        const browser = new URLSearchParams(pairs);
        const sent = [...browser];
        const fields = parseUrlEncoded(browser.toString(), { part: "body" });
        expect(Object.getPrototypeOf(fields)).toBeNull();
        expect({ ...fields }).toEqual({ ...groupPairs(sent) });
        expect(Object.keys(fields)).toEqual(Object.keys(groupPairs(sent)));
      }),
      RUNS,
    );
  });

  it("decodes every escape as decodeURIComponent does, wherever that reads the text", () => {
    // Hand-made escapes: ASCII ones in either case, UTF-8 ones, broken ones, a byte order mark.
    const piece = fc.constantFrom(
      "%41",
      "%7e",
      "%7E",
      "%0d%0A",
      "%25",
      "%2B",
      "%3d",
      "%00",
      "%C3%A9",
      "%e2%82%ac",
      "%80",
      "%zz",
      "%",
      "%4",
      "+",
      "a",
      "=",
      "é",
      "\uFEFF",
      "%EF%BB%BF",
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 12 }), (pieces) => {
        const typed = pieces.join("");
        let native: string;
        try {
          native = decodeURIComponent(typed.replaceAll("+", " "));
        } catch {
          return; // a broken escape: the careful way, which the other properties cover
        }
        if (native.includes("\uFEFF")) return;
        expect(parseUrlEncoded(`k=${typed}`, { part: "body" }).k).toBe(native);
      }),
      { numRuns: 2000 },
    );
  });

  it("reads a form of up to the field limit, and refuses one past it", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: FORM_LIMITS.maxFields - 3, max: FORM_LIMITS.maxFields + 3 }),
        (count) => {
          const form = Array.from({ length: count }, (_, i) => `f${i}=${i}`).join("&");
          if (count <= FORM_LIMITS.maxFields) {
            expect(Object.keys(parseUrlEncoded(form, { part: "body" }))).toHaveLength(count);
          } else {
            expect(() => parseUrlEncoded(form, { part: "body" })).toThrow(BridgeError);
          }
        },
      ),
      { numRuns: 20 },
    );
  });
});

/** JSON values with keys that could reach a prototype if anything used them as such. */
const jsonValue = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: "small", maxDepth: 6 },
    fc.jsonValue({ maxDepth: 2 }),
    fc.array(tie("value"), { maxLength: 4 }),
    fc.dictionary(
      fc.oneof(fc.string({ maxLength: 8 }), fc.constantFrom("__proto__", "constructor", "0", "1")),
      tie("value"),
      { maxKeys: 4 },
    ),
  ),
})).value;

describe("parseJson", () => {
  it("reads any JSON as JSON.parse does, into objects without a prototype", () => {
    fc.assert(
      fc.property(jsonValue, fc.constantFrom(undefined, 2), (value, indent) => {
        const body = JSON.stringify(value, null, indent);
        const parsed = parseJson(body);
        expect(JSON.stringify(parsed)).toBe(JSON.stringify(JSON.parse(body)));
        expect(hasNoPrototypes(parsed)).toBe(true);
      }),
      RUNS,
    );
  });

  it("keeps a `__proto__` key as the sender's own key, with its value", () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 2 }), (inner) => {
        const parsed = parseJson(`{"__proto__": ${JSON.stringify(inner)}}`) as Fields;
        expect(Object.keys(parsed)).toEqual(["__proto__"]);
        const own = Object.getOwnPropertyDescriptor(parsed, "__proto__");
        expect(JSON.stringify(own?.value)).toBe(JSON.stringify(inner));
        expect(Object.getPrototypeOf(parsed)).toBeNull();
      }),
      RUNS,
    );
  });

  it("reads JSON nested up to the depth limit, and refuses it one level deeper", () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom("array", "object"), {
          minLength: 1,
          maxLength: JSON_LIMITS.maxDepth + 3,
        }),
        (levels) => {
          const body = levels.reduceRight<string>(
            (inner, level) => (level === "array" ? `[${inner}]` : `{"k":${inner}}`),
            "1",
          );
          if (levels.length <= JSON_LIMITS.maxDepth) {
            expect(JSON.stringify(parseJson(body))).toBe(body);
          } else {
            expect(() => parseJson(body)).toThrow(BridgeError);
          }
        },
      ),
      RUNS,
    );
  });
});

describe("parseBody", () => {
  it("reads a UTF-8 application/json body as JSON.parse reads its text", async () => {
    await fc.assert(
      fc.asyncProperty(fc.jsonValue({ maxDepth: 4 }), async (value) => {
        const body = JSON.stringify(value);
        const payload = await parseBody(
          new TextEncoder().encode(body),
          "application/json; charset=utf-8",
          "",
          { files: "refuse" },
        );
        expect(payload.kind).toBe("json");
        expect(JSON.stringify(payload.body as Value)).toBe(JSON.stringify(JSON.parse(body)));
        expect(hasNoPrototypes(payload.body)).toBe(true);
      }),
      RUNS,
    );
  });
});
