// One page of a list, as the store answers it: the items and whether more follow.

/** A page of items plus Close's `has_more` flag. */
export type Page<T> = { items: T[]; hasMore: boolean };

/** Where a page starts and how long it is (`_skip` / `_limit`). */
export type PageRequest = { skip: number; limit: number };

/** Cuts a page from rows fetched with `LIMIT limit + 1`: the extra row only proves more exist. */
export function toPage<T>(rows: T[], { limit }: PageRequest): Page<T> {
  return { items: rows.slice(0, limit), hasMore: rows.length > limit };
}
