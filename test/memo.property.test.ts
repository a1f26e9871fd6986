// A memo answers exactly what its function would, and within its bounds computes each key once.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { memoize } from "../src/memo.ts";

/** A pure function with answers of every kind a memo must keep apart (undefined included). */
function describeKey(key: string): { length: number; upper: string } | number | undefined {
  if (key.length === 0) return undefined;
  if (key.length % 3 === 0) return key.length;
  return { length: key.length, upper: key.toUpperCase() };
}

/** A memo of describeKey that records every key it computes. */
function countingMemo(entries: number, keyLength: number) {
  const computed: string[] = [];
  const memo = memoize(
    (key) => {
      computed.push(key);
      return describeKey(key);
    },
    { entries, keyLength },
  );
  return { memo, computed };
}

// Few distinct keys, so that sequences repeat keys, as forms send the same names again.
const key = fc.string({ maxLength: 6, unit: fc.constantFrom("a", "b", "é", " ") });
const limits = fc.record({
  entries: fc.integer({ min: 1, max: 6 }),
  keyLength: fc.integer({ min: 0, max: 6 }),
});
const RUNS = { numRuns: 300 };

describe("memoize", () => {
  it("answers every call exactly as the function itself, however keys repeat and the memo fills", () => {
    fc.assert(
      fc.property(limits, fc.array(key, { maxLength: 40 }), ({ entries, keyLength }, keys) => {
        const { memo, computed } = countingMemo(entries, keyLength);
        for (const k of keys) expect(memo(k)).toEqual(describeKey(k));
        expect(computed.length).toBeLessThanOrEqual(keys.length);
      }),
      RUNS,
    );
  });

  it("computes a short key asked twice in a row once, and a key past the length bound every time", () => {
    fc.assert(
      fc.property(limits, fc.array(key, { maxLength: 40 }), ({ entries, keyLength }, keys) => {
        const { memo, computed } = countingMemo(entries, keyLength);
        for (const k of keys) {
          const before = computed.length;
          memo(k);
          const first = computed.length - before;
          memo(k);
          const again = computed.length - before - first;
          expect(again).toBe(k.length > keyLength ? 1 : 0);
        }
      }),
      RUNS,
    );
  });

  it("computes each key once when the distinct short keys fit in its entries", () => {
    fc.assert(
      fc.property(fc.array(key, { maxLength: 40 }), (keys) => {
        const distinct = new Set(keys);
        const { memo, computed } = countingMemo(Math.max(1, distinct.size), 6);
        for (const k of keys) memo(k);
        expect(computed.length).toBe(distinct.size);
      }),
      RUNS,
    );
  });
});
