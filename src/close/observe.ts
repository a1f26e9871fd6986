// A transport that tells an observer what each Close request was and how Close answered: the
// method, the path without its query, the status and the ids in the answer. Never a body, a
// header or a query string, so that what it reports holds no key and no personal data.
import type { CloseTransport } from "./transport.ts";

/** One Close request as the delivery log keeps it. */
export type CloseCall = {
  method: string;
  /** The path below the API base, without the query string (`/contact/cont_x/`). */
  path: string;
  /** Close's HTTP status; null when no answer came (a timeout, a network error). */
  status: number | null;
  /** The Close ids the answer named (the record written, the records a search found). */
  ids: string[];
};

/** How many ids of one answer are kept (a search answers a handful). */
const MAX_IDS = 10;
const CLOSE_ID = /^(cont|lead|acti|oppo|task)_[A-Za-z0-9]+$/;

/** The Close ids an answer names: its own `id`, `lead_id`, and those of `data` and `contacts`. */
function idsOf(body: unknown): string[] {
  const ids = new Set<string>();
  const take = (record: unknown) => {
    if (record === null || typeof record !== "object") return;
    for (const key of ["id", "lead_id"]) {
      const value = (record as Record<string, unknown>)[key];
      if (typeof value === "string" && CLOSE_ID.test(value)) ids.add(value);
    }
  };
  take(body);
  if (body !== null && typeof body === "object") {
    for (const key of ["data", "contacts"]) {
      const list = (body as Record<string, unknown>)[key];
      if (Array.isArray(list)) for (const item of list) take(item);
    }
  }
  return [...ids].slice(0, MAX_IDS);
}

/**
 * Wraps a transport so that `observe` hears of every request it sends, answered or not.
 *
 * @example
 * const calls: CloseCall[] = [];
 * const transport = observeTransport(createHttpTransport(options), (call) => calls.push(call));
 */
export function observeTransport(
  transport: CloseTransport,
  observe: (call: CloseCall) => void,
): CloseTransport {
  return async (request) => {
    const seen = { method: request.method, path: request.path.split("?")[0] ?? request.path };
    try {
      const response = await transport(request);
      observe({ ...seen, status: response.status, ids: idsOf(response.body) });
      return response;
    } catch (error) {
      observe({ ...seen, status: null, ids: [] });
      throw error;
    }
  };
}
