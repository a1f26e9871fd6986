// GET /v1/admin/submissions/:id/attempts: a submission's delivery attempts, oldest first, each
// with its time, how it ended (Close's status, the error code and Close's message) and the Close
// requests it sent (method, path, status, ids; never a body). Behind the admin token.
import type { Hono } from "hono";
import type { AppEnv } from "../../app-env.ts";
import { BridgeError } from "../../errors.ts";
import { listAttempts } from "../../store/attempts.ts";
import { loadSubmission } from "../../store/submissions.ts";
import { iso } from "./view.ts";

/** Registers `GET /v1/admin/submissions/:id/attempts`. */
export function registerListAttempts(app: Hono<AppEnv>) {
  app.get("/v1/admin/submissions/:id/attempts", async (c) => {
    const id = c.req.param("id");
    if (!(await loadSubmission(c.env.DB, id)))
      throw new BridgeError("not_found", "No such submission.");
    const attempts = await listAttempts(c.env.DB, id);
    return c.json({
      data: attempts.map((attempt) => ({
        attempt: attempt.attempt,
        mode: attempt.mode,
        started_at: iso(attempt.started_at),
        finished_at: iso(attempt.finished_at),
        result: attempt.result,
        close_status: attempt.close_status,
        error: attempt.error_code
          ? { code: attempt.error_code, message: attempt.error_message }
          : null,
        requests: attempt.requests,
      })),
    });
  });
}
