// The admin API's query strings: parsed with zod, a blank value taken as no filter.
import { BridgeError } from "../../errors.ts";
import * as z from "../../zod.ts";

/** A `source` filter. */
export const SourceFilter = z.string().check(z.maxLength(64));

/** Parses `query` (a request's query parameters) with `schema`, or throws `invalid_query`. */
export function parseQuery<T extends z.ZodMiniType>(
  query: Record<string, string>,
  schema: T,
): z.infer<T> {
  // `?status=&source=` is what a form with blank filters sends: a blank value is no filter.
  const given = Object.entries(query).filter(([, value]) => value !== "");
  const parsed = schema.safeParse(Object.fromEntries(given));
  if (!parsed.success) {
    throw new BridgeError("invalid_query", "The query parameters are not valid.", {
      details: parsed.error.issues.map((issue) => ({
        field: issue.path.join(".") || String((issue as { keys?: string[] }).keys ?? "query"),
        problem: issue.message,
      })),
    });
  }
  return parsed.data;
}

/** Whether a `force` parameter says yes. */
export function isForced(value: string | undefined): boolean {
  return value === "1" || value === "true";
}
