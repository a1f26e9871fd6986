// DELETE /v1/admin/submissions/:id: erases one submission (never one being delivered), audited.
import type { Hono } from "hono";
import type { AppEnv } from "../../app-env.ts";
import { BridgeError } from "../../errors.ts";
import { logEvent } from "../../log.ts";
import { deleteSubmission, loadSubmission } from "../../store/submissions.ts";
import { iso } from "./view.ts";

/** Registers `DELETE /v1/admin/submissions/:id`. */
export function registerDeleteSubmission(app: Hono<AppEnv>) {
  app.delete("/v1/admin/submissions/:id", async (c) => {
    const id = c.req.param("id");
    const deleted = await deleteSubmission(c.env.DB, id, Date.now());
    if (!deleted) {
      if (await loadSubmission(c.env.DB, id)) {
        throw new BridgeError("conflict", "The submission is being delivered right now.");
      }
      throw new BridgeError("not_found", "No such submission.");
    }
    // Audited: who (the request), what, and in which state it was; never its personal data.
    logEvent("warn", "admin.delete", {
      request_id: c.get("requestId"),
      submission_id: deleted.id,
      source: deleted.source,
      status: deleted.status,
      received_at: iso(deleted.received_at),
    });
    return c.json({ id: deleted.id, deleted: true, status: deleted.status });
  });
}
