// POST /v1/admin/submissions/:id/replay: one submission back to the queue (the replay service decides).
import type { Hono } from "hono";
import type { AppEnv } from "../../app-env.ts";
import { replaySubmission } from "../../deliver/replay.ts";
import { logEvent } from "../../log.ts";
import { isForced } from "./query.ts";

/** Registers `POST /v1/admin/submissions/:id/replay`. */
export function registerReplaySubmission(app: Hono<AppEnv>) {
  app.post("/v1/admin/submissions/:id/replay", async (c) => {
    const force = isForced(c.req.query("force"));
    const { was, requeued } = await replaySubmission(c.env, c.req.param("id"), force);
    logEvent("info", "admin.replay", {
      request_id: c.get("requestId"),
      submission_id: was.id,
      was: was.status,
    });
    return c.json({ id: requeued.id, status: requeued.status }, 202);
  });
}
