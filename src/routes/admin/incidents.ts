// GET /v1/admin/incidents: the incident log, newest first (open ones by `?status=open`), as the
// console shows it.
import type { Hono } from "hono";
import type { AppEnv } from "../../app-env.ts";
import { listIncidents, presentIncident } from "../../incidents/store.ts";
import * as z from "../../zod.ts";
import { parseQuery, SourceFilter } from "./query.ts";

const IncidentQuery = z.strictObject({
  status: z.optional(z.enum(["open", "resolved"])),
  source: z.optional(SourceFilter),
  cursor: z.optional(z.string().check(z.regex(/^inc_[0-9A-Z]{26}$/, "must be an incident id"))),
  limit: z._default(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(200)), 50),
});

/** Registers `GET /v1/admin/incidents`. */
export function registerListIncidents(app: Hono<AppEnv>) {
  app.get("/v1/admin/incidents", async (c) => {
    const query = parseQuery(c.req.query(), IncidentQuery);
    const rows = await listIncidents(c.env.DB, {
      ...(query.status ? { status: query.status } : {}),
      ...(query.source !== undefined ? { source: query.source } : {}),
      ...(query.cursor ? { before: query.cursor } : {}),
      limit: query.limit + 1,
    });
    const page = rows.slice(0, query.limit);
    return c.json({
      data: page.map((incident) => ({ ...presentIncident(incident), status: incident.status })),
      next_cursor: rows.length > query.limit ? (page.at(-1)?.id ?? null) : null,
    });
  });
}
