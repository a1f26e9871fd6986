// GET /v1/admin/submissions: the submission log, newest first, filtered (status, source, a time
// range, the last error code) and paged by cursor.
import type { Hono } from "hono";
import type { AppEnv } from "../../app-env.ts";
import { answerLogPage } from "./log-page.ts";

/** Registers `GET /v1/admin/submissions`. */
export function registerListSubmissions(app: Hono<AppEnv>) {
  app.get("/v1/admin/submissions", (c) => answerLogPage(c));
}
