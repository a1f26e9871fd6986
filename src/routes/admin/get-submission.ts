// GET /v1/admin/submissions/:id: one submission in full, its draft and Close's field errors included.
import type { Hono } from "hono";
import type { AppEnv } from "../../app-env.ts";
import { BridgeError } from "../../errors.ts";
import { restoreSentRequest } from "../../parse/sender-input.ts";
import { loadAnswers } from "../../store/answers.ts";
import { loadSenderInput, loadSubmission } from "../../store/submissions.ts";
import { detail } from "./view.ts";

/** Registers `GET /v1/admin/submissions/:id`. */
export function registerGetSubmission(app: Hono<AppEnv>) {
  app.get("/v1/admin/submissions/:id", async (c) => {
    const submission = await loadSubmission(c.env.DB, c.req.param("id"));
    if (!submission) throw new BridgeError("not_found", "No such submission.");
    const input = await loadSenderInput(c.env.DB, submission.id);
    return c.json({
      ...detail(submission),
      // Whether a replay can map what the sender sent anew (its content stays in the log).
      sender_input: input
        ? {
            kept: true,
            content_type: input.content_type,
            bytes: restoreSentRequest(input).bytes.length,
          }
        : { kept: false },
      // What the preset read from the sender's post (removed with the draft).
      received: await loadAnswers(c.env.DB, submission.id),
    });
  });
}
