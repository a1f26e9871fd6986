// GET /v1/admin/stats?window=24h|7d: the console's overview, computed in D1 (store/aggregates.ts):
// counts by status, outcome and source, submissions per bucket split by outcome, delivery delay
// p50/p95 per bucket, and the failure reasons of the window. Behind the admin token.
import type { Hono } from "hono";
import type { AppEnv } from "../../app-env.ts";
import type { StatsAnswer } from "../../stats.ts";
import { computeStats, STATS_WINDOWS, statsWindow } from "../../store/aggregates.ts";
import * as z from "../../zod.ts";
import { parseQuery } from "./query.ts";
import { iso } from "./view.ts";

const StatsQuery = z.strictObject({
  window: z._default(z.enum(Object.keys(STATS_WINDOWS) as ["24h", "7d"]), "24h"),
});

/** Registers `GET /v1/admin/stats`. */
export function registerGetStats(app: Hono<AppEnv>) {
  app.get("/v1/admin/stats", async (c) => {
    const name = parseQuery(c.req.query(), StatsQuery).window;
    const stats = await computeStats(c.env.DB, statsWindow(name, Date.now()));
    const answer: StatsAnswer = {
      ...stats,
      window: name,
      from: iso(stats.from),
      to: iso(stats.to),
      outcome_buckets: stats.outcome_buckets.map((bucket) => ({
        ...bucket,
        start: iso(bucket.start),
      })),
      delay_buckets: stats.delay_buckets.map((bucket) => ({ ...bucket, start: iso(bucket.start) })),
    };
    return c.json(answer);
  });
}
