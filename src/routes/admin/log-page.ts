// One page of the submission log, newest first, as the list and the email search answer it:
// the filters of the query string (status, source, a time range, the last error code), paged by
// cursor, and for the search the person's email hash.
import type { Context } from "hono";
import type { AppEnv } from "../../app-env.ts";
import { isSubmissionId } from "../../ids.ts";
import { listSubmissions, SubmissionStatus } from "../../store/submissions.ts";
import * as z from "../../zod.ts";
import { parseQuery, SourceFilter } from "./query.ts";
import { summarize } from "./view.ts";

const IsoTime = z.pipe(
  z
    .string()
    .check(
      z.refine((value) => !Number.isNaN(Date.parse(value)), "must be an ISO 8601 date or time"),
    ),
  z.transform((value: string) => Date.parse(value)),
);

const LogQuery = z.strictObject({
  status: z.optional(SubmissionStatus),
  source: z.optional(SourceFilter),
  since: z.optional(IsoTime),
  until: z.optional(IsoTime),
  error: z.optional(z.string().check(z.maxLength(64))),
  cursor: z.optional(z.string().check(z.refine(isSubmissionId, "must be a submission id"))),
  limit: z._default(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(200)), 50),
});

/** Answers one page of the log filtered by the request's query (and `emailHash`, when given). */
export async function answerLogPage(c: Context<AppEnv>, emailHash?: string): Promise<Response> {
  const query = parseQuery(c.req.query(), LogQuery);
  const rows = await listSubmissions(c.env.DB, {
    ...(query.status ? { status: query.status } : {}),
    ...(query.source ? { source: query.source } : {}),
    ...(query.since !== undefined ? { since: query.since } : {}),
    ...(query.until !== undefined ? { until: query.until } : {}),
    ...(emailHash ? { emailHash } : {}),
    ...(query.error ? { errorCode: query.error } : {}),
    ...(query.cursor ? { before: query.cursor } : {}),
    limit: query.limit + 1,
  });
  const page = rows.slice(0, query.limit);
  const more = rows.length > query.limit;
  return c.json({
    data: page.map(summarize),
    next_cursor: more ? (page.at(-1)?.id ?? null) : null,
  });
}
