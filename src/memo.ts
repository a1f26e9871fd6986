// Per-isolate memos of pure functions of a string: a form sends the same field names, questions
// and time zones every time, and a source's templates never change. Each memo is bounded in
// entries and in key length, so that what senders send cannot grow it past a small, fixed size:
// a key longer than the bound is computed every time, never remembered.

/** How much a memo may keep. */
export type MemoLimits = { entries: number; keyLength: number };

/**
 * `compute`, remembering each key's value (within `limits`; when full, it starts again).
 *
 * @example
 * const lower = memoize((name) => name.toLowerCase(), { entries: 100, keyLength: 64 });
 * lower("Email") // => "email", computed once
 */
export function memoize<V>(compute: (key: string) => V, limits: MemoLimits): (key: string) => V {
  const memo = new Map<string, V>();
  return (key) => {
    const known = memo.get(key);
    if (known !== undefined || memo.has(key)) return known as V;
    const value = compute(key);
    if (key.length <= limits.keyLength) {
      if (memo.size >= limits.entries) memo.clear();
      memo.set(key, value);
    }
    return value;
  };
}
