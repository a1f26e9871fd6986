// GET /v1/admin/submissions: the submission log, newest first, filtered and paged by cursor.
import type { Hono } from "hono";
import type { AppEnv } from "../../app-env.ts";
import { isSubmissionId } from "../../ids.ts";
import { listSubmissions, SubmissionStatus } from "../../store/submissions.ts";
import * as z from "../../zod.ts";
import { parseQuery, SourceFilter } from "./query.ts";
import { summarize } from "./view.ts";

const ListQuery = z.strictObject({
  status: z.optional(SubmissionStatus),
  source: z.optional(SourceFilter),
  since: z.optional(
    z.pipe(
      z
        .string()
        .check(
          z.refine((value) => !Number.isNaN(Date.parse(value)), "must be an ISO 8601 date or time"),
        ),
      z.transform((value: string) => Date.parse(value)),
    ),
  ),
  cursor: z.optional(z.string().check(z.refine(isSubmissionId, "must be a submission id"))),
  limit: z._default(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(200)), 50),
});

/** Registers `GET /v1/admin/submissions`. */
export function registerListSubmissions(app: Hono<AppEnv>) {
  app.get("/v1/admin/submissions", async (c) => {
    const query = parseQuery(c.req.query(), ListQuery);
    const rows = await listSubmissions(c.env.DB, {
      ...(query.status ? { status: query.status } : {}),
      ...(query.source ? { source: query.source } : {}),
      ...(query.since !== undefined ? { since: query.since } : {}),
      ...(query.cursor ? { before: query.cursor } : {}),
      limit: query.limit + 1,
    });
    const page = rows.slice(0, query.limit);
    const more = rows.length > query.limit;
    return c.json({
      data: page.map(summarize),
      next_cursor: more ? (page.at(-1)?.id ?? null) : null,
    });
  });
}
