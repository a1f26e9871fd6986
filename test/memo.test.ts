// Per-isolate memos: remembered within their bounds, so that what senders send cannot grow them.
import { describe, expect, it } from "vitest";
import { memoize } from "../src/memo.ts";

/** A memo of `key.length` that counts how often it computes. */
function countingMemo(entries: number, keyLength: number) {
  const computed: string[] = [];
  const memo = memoize(
    (key) => {
      computed.push(key);
      return key.length > 3 ? key.length : undefined;
    },
    { entries, keyLength },
  );
  return { memo, computed };
}

describe("memoize", () => {
  it("computes a key once, an undefined value included", () => {
    const { memo, computed } = countingMemo(10, 100);
    expect([memo("email"), memo("email"), memo("a"), memo("a")]).toEqual([
      5,
      5,
      undefined,
      undefined,
    ]);
    expect(computed).toEqual(["email", "a"]);
  });

  it("never remembers a key longer than its bound (a sender's long text is computed each time)", () => {
    const { memo, computed } = countingMemo(10, 8);
    const long = "x".repeat(9);
    expect([memo(long), memo(long)]).toEqual([9, 9]);
    expect(computed).toEqual([long, long]);
  });

  it("keeps at most its number of entries, starting again when full", () => {
    const { memo, computed } = countingMemo(2, 100);
    for (const key of ["aaaa", "bbbb", "cccc", "aaaa", "cccc"]) memo(key);
    // "cccc" found the memo full and cleared it: "aaaa" was computed again, then "cccc" was known.
    expect(computed).toEqual(["aaaa", "bbbb", "cccc", "aaaa"]);
  });
});
