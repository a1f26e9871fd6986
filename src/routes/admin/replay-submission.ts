// POST /v1/admin/submissions/:id/replay: one submission back to the queue, mapped anew, or with
// `dry_run=1` what a replay would deliver (the replay service decides).
import type { Hono } from "hono";
import type { AppEnv } from "../../app-env.ts";
import { replaySubmission } from "../../deliver/replay.ts";
import { logEvent } from "../../log.ts";
import { isForced } from "./query.ts";

/** Registers `POST /v1/admin/submissions/:id/replay`. */
export function registerReplaySubmission(app: Hono<AppEnv>) {
  app.post("/v1/admin/submissions/:id/replay", async (c) => {
    const result = await replaySubmission(c.env, c.req.param("id"), {
      force: isForced(c.req.query("force")),
      dryRun: isForced(c.req.query("dry_run")),
    });
    if ("preview" in result) return c.json(result.preview);
    const { was, requeued, remapped } = result.replayed;
    logEvent("info", "admin.replay", {
      request_id: c.get("requestId"),
      submission_id: was.id,
      was: was.status,
      remapped,
    });
    return c.json({ id: requeued.id, status: requeued.status, remapped }, 202);
  });
}
