// `POST /data/search/`: Close's Advanced Filtering over leads and contacts, answered as
// `{"data": [...], "cursor": ...}` with the fields `_fields` asks for (default: just `id`).
// It reads the search index, which sees each write `search_lag_ms` late.
import type { Hono } from "hono";
import type { z } from "zod";
import { API_PREFIX, type AppEnv, type SimulatorDeps } from "../app-env.ts";
import { requestError } from "../errors.ts";
import { selectFields } from "../pagination.ts";
import { normalizePhone } from "../phones.ts";
import { readQuery } from "../query.ts";
import { requireJsonObject } from "../request-body.ts";
import {
  decodeSearchCursor,
  encodeSearchCursor,
  findMatchingIds,
  findUnsupportedClause,
  type ResultObjectType,
  SearchRequest,
} from "../search.ts";
import { refuseOtherMethods } from "./allowed-methods.ts";
import { presentWithContacts } from "./leads.ts";

const PATH = `${API_PREFIX}/data/search`;
const DEFAULT_FIELDS = ["id"];
// Body keys Close's search takes (its public clients send them) that the simulator does not
// implement: refused by name rather than ignored.
const CLOSE_KEYS_NOT_SIMULATED = new Set(["sort", "results_limit", "include_counts"]);

/** Registers the search endpoint. */
export function registerSearchRoutes(app: Hono<AppEnv>, deps: SimulatorDeps): void {
  app.post(PATH, (c) => {
    readQuery(c, []);
    const parsed = SearchRequest.safeParse(requireJsonObject(c.get("requestBody")));
    if (!parsed.success) throw requestError(describeSearchProblem(parsed.error));
    const search = parsed.data;
    const unsupported = findUnsupportedClause(search.query);
    if (unsupported) throw requestError(unsupported);
    const offset = search.cursor ? decodeSearchCursor(search.cursor) : 0;
    if (offset === null) throw requestError("The cursor is not valid.");

    const country = deps.config.ORGANIZATION_COUNTRY;
    // A searched phone is compared in the stored E.164 form; one that cannot be read as a
    // phone number is compared as sent.
    const normalize = (value: string) => normalizePhone(value, country)?.phone ?? value.trim();
    const index = deps.searchIndex;
    index.catchUp();
    const matching = (type: ResultObjectType) =>
      [...findMatchingIds(search.query, type, index.source, normalize)].map(String);

    // Leads first, then contacts, each oldest first; leads get their contacts only if shown.
    const found: { type: ResultObjectType; present: () => object }[] = [
      ...index.leads.listByIds(matching("lead")).map((lead) => ({
        type: "lead" as const,
        present: () => presentWithContacts(index.contacts, lead),
      })),
      ...index.contacts
        .listByIds(matching("contact"))
        .map((contact) => ({ type: "contact" as const, present: () => contact })),
    ];
    const page = found.slice(offset, offset + search._limit);
    const data = page.map(({ type, present }) => ({
      __object_type: type,
      ...selectFields(present(), search._fields?.[type] ?? DEFAULT_FIELDS),
    }));
    const next = offset + page.length;
    return c.json({ data, cursor: next < found.length ? encodeSearchCursor(next) : null });
  });

  refuseOtherMethods(app, PATH, ["POST"]);
}

/** Says where the body departs from what the simulator understands, never quoting values. */
function describeSearchProblem(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return "The search request is malformed.";
  const where = ["body", ...issue.path.map(String)].join(".");
  if (issue.code === "unrecognized_keys") {
    const closeKeys = issue.keys.filter(
      (key) => where === "body" && CLOSE_KEYS_NOT_SIMULATED.has(key),
    );
    if (closeKeys.length > 0) {
      return `The simulator does not support ${closeKeys.join(", ")} in a search (it takes query, _fields, _limit and cursor).`;
    }
    return `Unknown key(s) at ${where}: ${issue.keys.join(", ")}.`;
  }
  return `The search request is malformed, or uses a query the simulator cannot evaluate, at ${where}.`;
}
