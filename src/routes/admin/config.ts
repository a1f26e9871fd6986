// GET /v1/admin/config: what is wrong with the configuration, by source, for the person who
// runs the bridge (behind the admin token, like the rest of /v1/admin). Senders and /v1/health
// only learn that something is; this says what, and what to do.
import type { Hono } from "hono";
import type { AppEnv } from "../../app-env.ts";
import { loadConfig } from "../../config/load.ts";

/** Registers `GET /v1/admin/config` (the admin API's token check covers it). */
export function registerAdminConfig(app: Hono<AppEnv>) {
  app.get("/v1/admin/config", (c) => {
    const result = loadConfig(c.env);
    const config = result.config;
    const sources = config
      ? [
          ...[...config.sources.keys()].map((name) => ({
            name,
            status: config.problems.length === 0 ? "working" : "broken",
            problems: [],
          })),
          ...[...config.broken.values()].map((source) => ({
            name: source.name,
            status: "broken",
            problems: source.problems,
          })),
        ]
      : [];
    return c.json({
      ok: result.ok,
      // Problems of the whole configuration: while there are any, no source works.
      problems: result.ok ? [] : config ? config.problems : result.problems,
      sources,
    });
  });
}
