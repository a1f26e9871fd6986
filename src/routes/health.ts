// GET /v1/health: a liveness answer with the running version, for uptime checks.
import type { Hono } from "hono";
import type { AppEnv } from "../app-env.ts";
import { VERSION } from "../version.ts";

/** Registers `GET /v1/health`. */
export function registerHealthRoute(app: Hono<AppEnv>) {
  app.get("/v1/health", (c) => c.json({ ok: true, version: VERSION }));
}
