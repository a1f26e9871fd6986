// GET /v1/health?deep=1: deep health for uptime monitors, behind the admin token. 200 when
// Close takes the key, the configuration is valid, D1 takes writes, the backlog is within its
// thresholds, no incident that stops deliveries is open and alerts can go out; 503 with the
// reasons otherwise (incidents/health.ts says which is which). Without `deep`, the plain
// health answer (routes/health.ts) is given.
import type { Hono } from "hono";
import type { AppEnv } from "../app-env.ts";
import { checkAdminToken } from "../authenticate/admin-token.ts";
import { checkDeepHealth } from "../incidents/health.ts";
import { sendDueAlerts } from "../incidents/observe.ts";
import { VERSION } from "../version.ts";

const DEEP = new Set(["1", "true"]);

/** Registers the deep form of `GET /v1/health`; register it before the plain one. */
export function registerDeepHealthRoute(app: Hono<AppEnv>) {
  app.get("/v1/health", async (c, next) => {
    if (!DEEP.has(c.req.query("deep") ?? "")) return next();
    await checkAdminToken(c);
    const now = Date.now();
    const report = await checkDeepHealth(c.env, now);
    // A check may have opened or resolved an incident: its alert goes out now.
    c.executionCtx.waitUntil(sendDueAlerts(c.env, Date.now()));
    c.header("Cache-Control", "no-store");
    return c.json(
      { ...report, version: VERSION, checked_at: new Date(now).toISOString() },
      report.ok ? 200 : 503,
    );
  });
}
