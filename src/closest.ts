// "Did you mean ...?": the known word closest to a mistyped one (a configuration key, an option's
// value, a custom field id), by edit distance, so that an error can say what to write instead.

/** Edits (insert, delete, replace, swap two neighbours) that turn `a` into `b`. */
export function editDistance(a: string, b: string): number {
  const rows: number[][] = [];
  for (let i = 0; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      if (i === 0) {
        row.push(j);
        continue;
      }
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(
        (rows[i - 1]?.[j] ?? 0) + 1,
        (row[j - 1] ?? 0) + 1,
        (rows[i - 1]?.[j - 1] ?? 0) + cost,
      );
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        best = Math.min(best, (rows[i - 2]?.[j - 2] ?? 0) + 1);
      }
      row.push(best);
    }
    rows.push(row);
  }
  return rows[a.length]?.[b.length] ?? Math.max(a.length, b.length);
}

/** How words compare: case, `-`, `_` and spaces do not count. */
function comparable(word: string): string {
  return word.toLowerCase().replace(/[-_\s]/g, "");
}

/**
 * The candidate closest to `word`, when it is close enough to be what was meant (at most a third
 * of its letters off, and at least two), else undefined.
 *
 * @example
 * findClosest("defualt_country", ["default_country", "mode"]) // => "default_country"
 */
export function findClosest(word: string, candidates: Iterable<string>): string | undefined {
  const typed = comparable(word);
  const limit = Math.max(2, Math.floor(typed.length / 3));
  let best: { candidate: string; distance: number } | undefined;
  for (const candidate of candidates) {
    if (candidate === word) continue;
    const distance = editDistance(typed, comparable(candidate));
    if (distance <= limit && (best === undefined || distance < best.distance)) {
      best = { candidate, distance };
    }
  }
  return best?.candidate;
}

/** `; did you mean "x"?` when a candidate is close to `word`, else an empty string. */
export function suggestClosest(word: string, candidates: Iterable<string>): string {
  const closest = findClosest(word, candidates);
  return closest === undefined ? "" : `; did you mean "${closest}"?`;
}
