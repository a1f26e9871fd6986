// Close's list conventions: `_skip` / `_limit` (default 100) answered as
// `{"data": [...], "has_more": bool}`, and `_fields=a,b` to keep only some fields.
import { z } from "zod";
import { requestError } from "./errors.ts";
import type { Page, PageRequest } from "./store/page.ts";

/** The largest `_limit` the simulator takes (Close's limit varies by resource). */
export const MAX_PAGE_LIMIT = 100;

const PageQuery = z.object({
  _skip: z.coerce.number().int().min(0).default(0),
  _limit: z.coerce.number().int().min(1).max(MAX_PAGE_LIMIT).default(MAX_PAGE_LIMIT),
});

/** Reads `_skip` and `_limit`; a bad value is a 400 like Close's. */
export function readPageRequest(query: URLSearchParams): PageRequest {
  const parsed = PageQuery.safeParse({
    _skip: query.get("_skip") ?? undefined,
    _limit: query.get("_limit") ?? undefined,
  });
  if (!parsed.success) {
    throw requestError(
      `_skip must be a whole number from 0, and _limit one from 1 to ${MAX_PAGE_LIMIT}.`,
    );
  }
  return { skip: parsed.data._skip, limit: parsed.data._limit };
}

/** Reads `_fields=a,b` as a list of field names, or null when every field is wanted. */
export function readFieldSelection(query: URLSearchParams): string[] | null {
  const raw = query.get("_fields");
  if (raw === null) return null;
  const fields = raw
    .split(",")
    .map((field) => field.trim())
    .filter((field) => field.length > 0);
  return fields.length > 0 ? fields : null;
}

/** Keeps only `fields` of `item` (all of them when `fields` is null). */
export function selectFields(item: object, fields: readonly string[] | null): object {
  if (fields === null) return item;
  const entries = Object.entries(item).filter(([key]) => fields.includes(key));
  return Object.fromEntries(entries);
}

/** Answers a page the way Close's list endpoints do. */
export function presentPage(
  page: Page<object>,
  fields: readonly string[] | null,
): { data: object[]; has_more: boolean } {
  return { data: page.items.map((item) => selectFields(item, fields)), has_more: page.hasMore };
}
