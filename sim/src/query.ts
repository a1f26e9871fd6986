// The query string of an API request: each route names the parameters it implements, and any
// other one (or one given twice) is refused with a 400 rather than silently ignored, so that a
// client never takes the simulator's answer to a query it did not evaluate for Close's.
import type { Context } from "hono";
import { requestError } from "./errors.ts";

/** The parameters of Close's list endpoints: `_skip`, `_limit` and `_fields`. */
export const LIST_PARAMETERS = ["_skip", "_limit", "_fields"] as const;

/** `_fields`, which every endpoint answering an object takes. */
export const FIELDS_PARAMETER = ["_fields"] as const;

/**
 * Returns the request's query parameters, or throws a 400 naming the first one the route does
 * not take (never quoting its value, which may be personal data).
 */
export function readQuery(c: Context, accepted: readonly string[]): URLSearchParams {
  const query = new URL(c.req.url).searchParams;
  const seen = new Set<string>();
  for (const name of query.keys()) {
    if (!accepted.includes(name)) {
      const takes = accepted.length > 0 ? `it takes ${accepted.join(", ")}` : "it takes none";
      throw requestError(
        `The simulator does not support the query parameter ${JSON.stringify(name)} on ${c.req.method} of this endpoint (${takes}).`,
      );
    }
    if (seen.has(name)) {
      throw requestError(
        `The query parameter ${JSON.stringify(name)} is given more than once; the simulator does not support that.`,
      );
    }
    seen.add(name);
  }
  return query;
}

/** Reads a comma-separated id filter such as `lead_id=lead_a,lead_b`. */
export function readIdList(query: URLSearchParams, name: string): string[] | undefined {
  const raw = query.get(name);
  if (raw === null) return undefined;
  return raw
    .split(",")
    .map((id) => id.trim())
    .filter((id) => id.length > 0);
}
