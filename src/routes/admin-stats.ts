// GET /v1/admin/stats?window=24h|7d: the console's overview, computed in D1 (store/aggregates.ts):
// counts by status, outcome and source, submissions per bucket split by outcome, delivery delay
// p50/p95 per bucket, and the failure reasons of the window. Behind the admin token.
import type { Hono } from "hono";
import type { AppEnv } from "../app-env.ts";
import { BridgeError } from "../errors.ts";
import { computeStats, STATS_WINDOWS, statsWindow } from "../store/aggregates.ts";
import * as z from "../zod.ts";

const StatsQuery = z.strictObject({
  window: z._default(z.enum(Object.keys(STATS_WINDOWS) as ["24h", "7d"]), "24h"),
});

const iso = (ms: number) => new Date(ms).toISOString();

/** Registers `GET /v1/admin/stats` (after the admin routes, whose token check covers it). */
export function registerAdminStatsRoute(app: Hono<AppEnv>) {
  app.get("/v1/admin/stats", async (c) => {
    const parsed = StatsQuery.safeParse(c.req.query());
    if (!parsed.success) {
      throw new BridgeError("invalid_query", "The query parameters are not valid.", {
        details: [
          { field: "window", problem: `must be one of ${Object.keys(STATS_WINDOWS).join(", ")}` },
        ],
      });
    }
    const name = parsed.data.window;
    const stats = await computeStats(c.env.DB, statsWindow(name, Date.now()));
    return c.json({
      ...stats,
      window: name,
      from: iso(stats.from),
      to: iso(stats.to),
      outcome_buckets: stats.outcome_buckets.map((bucket) => ({
        ...bucket,
        start: iso(bucket.start),
      })),
      delay_buckets: stats.delay_buckets.map((bucket) => ({ ...bucket, start: iso(bucket.start) })),
    });
  });
}
