// POST /v1/admin/replay: every submission in one status (dead by default) back to the queue.
import type { Hono } from "hono";
import type { AppEnv } from "../../app-env.ts";
import { replaySubmissions } from "../../deliver/replay.ts";
import { logEvent } from "../../log.ts";
import { SubmissionStatus } from "../../store/submissions.ts";
import * as z from "../../zod.ts";
import { isForced, parseQuery, SourceFilter } from "./query.ts";

const ReplayQuery = z.strictObject({
  status: z._default(SubmissionStatus, "dead"),
  source: z.optional(SourceFilter),
  force: z.optional(z.enum(["0", "1", "true", "false"])),
});

/** Registers `POST /v1/admin/replay`. */
export function registerReplayBulk(app: Hono<AppEnv>) {
  app.post("/v1/admin/replay", async (c) => {
    const query = parseQuery(c.req.query(), ReplayQuery);
    const { replayed, refused, more } = await replaySubmissions(c.env, {
      status: query.status,
      ...(query.source ? { source: query.source } : {}),
      force: isForced(query.force),
    });
    logEvent("info", "admin.replay_bulk", {
      request_id: c.get("requestId"),
      status: query.status,
      count: replayed.length,
      refused: refused.length,
    });
    return c.json(
      {
        replayed: replayed.length,
        ids: replayed.map((r) => r.id),
        // Submissions whose sender's data no longer maps with the current configuration.
        refused,
        more,
      },
      202,
    );
  });
}
