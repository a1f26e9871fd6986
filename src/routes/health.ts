// GET /v1/health: the running version and whether the configuration lets every source work,
// for uptime checks. `ok` is true only when nothing is wrong; a broken source makes it false
// (503), so a monitor notices, while the answer names no source, key or secret: the admin API's
// GET /v1/admin/config and the logs say what is wrong.
import type { Hono } from "hono";
import type { AppEnv } from "../app-env.ts";
import { loadConfig } from "../config/load.ts";
import { VERSION } from "../version.ts";

// How the configuration stands: every source works, some do, or none can.
type ConfigHealth = "valid" | "degraded" | "invalid";

/** Registers `GET /v1/health`. */
export function registerHealthRoute(app: Hono<AppEnv>) {
  app.get("/v1/health", (c) => {
    const result = loadConfig(c.env);
    if (result.ok) return c.json({ ok: true, version: VERSION, config: "valid" });
    const config = result.config;
    if (!config) return c.json({ ok: false, version: VERSION, config: "invalid" }, 503);
    const total = config.sources.size + config.broken.size;
    const working = config.problems.length === 0 ? config.sources.size : 0;
    const state: ConfigHealth = working > 0 ? "degraded" : "invalid";
    return c.json(
      {
        ok: false,
        version: VERSION,
        config: state,
        sources: { working, broken: total - working },
      },
      503,
    );
  });
}
