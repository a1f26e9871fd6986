// The admin API: the submission log, replay and deletion, behind `Authorization: Bearer
// <ADMIN_TOKEN>` (app.ts guards every /v1/admin route with the token).
import type { Context, Hono } from "hono";
import type { AppEnv } from "../app-env.ts";
import { requireConfig } from "../config/load.ts";
import { connectClose } from "../deliver/connect.ts";
import { reviewCustomFields } from "../deliver/custom-fields.ts";
import { compareDrafts, type ReplayDraft, remapSubmission } from "../deliver/remap.ts";
import { BridgeError } from "../errors.ts";
import { isSubmissionId } from "../ids.ts";
import { logEvent } from "../log.ts";
import type { MappingFinding } from "../map/review.ts";
import { restoreSentRequest } from "../parse/sender-input.ts";
import {
  deleteSubmission,
  listSubmissions,
  loadSenderInput,
  loadSubmission,
  requeueSubmission,
  type Submission,
  SubmissionStatus,
} from "../store/submissions.ts";
import * as z from "../zod.ts";

const MAX_BULK_REPLAY = 1000;

const SourceFilter = z.string().check(z.maxLength(64));

const ListQuery = z.strictObject({
  status: z.optional(SubmissionStatus),
  source: z.optional(SourceFilter),
  since: z.optional(
    z.pipe(
      z
        .string()
        .check(
          z.refine((value) => !Number.isNaN(Date.parse(value)), "must be an ISO 8601 date or time"),
        ),
      z.transform((value: string) => Date.parse(value)),
    ),
  ),
  cursor: z.optional(z.string().check(z.refine(isSubmissionId, "must be a submission id"))),
  limit: z._default(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(200)), 50),
});

const ReplayQuery = z.strictObject({
  status: z._default(SubmissionStatus, "dead"),
  source: z.optional(SourceFilter),
  force: z.optional(z.enum(["0", "1", "true", "false"])),
});

function parseQuery<T extends z.ZodMiniType>(c: Context<AppEnv>, schema: T): z.infer<T> {
  // `?status=&source=` is what a form with blank filters sends: a blank value is no filter.
  const given = Object.entries(c.req.query()).filter(([, value]) => value !== "");
  const parsed = schema.safeParse(Object.fromEntries(given));
  if (!parsed.success) {
    throw new BridgeError("invalid_query", "The query parameters are not valid.", {
      details: parsed.error.issues.map((issue) => ({
        field: issue.path.join(".") || String((issue as { keys?: string[] }).keys ?? "query"),
        problem: issue.message,
      })),
    });
  }
  return parsed.data;
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** A log row as the admin API shows it in lists (no draft: it holds personal data). */
function summarize(submission: Submission) {
  return {
    id: submission.id,
    source: submission.source,
    mode: submission.mode,
    status: submission.status,
    outcome: submission.outcome,
    attempts: submission.attempts,
    received_at: iso(submission.received_at),
    updated_at: iso(submission.updated_at),
    next_attempt_at: iso(submission.next_attempt_at),
    last_error: submission.last_error_code
      ? { code: submission.last_error_code, message: submission.last_error_message }
      : null,
    contact_id: submission.contact_id,
    lead_id: submission.lead_id,
    note_id: submission.note_id,
  };
}

/** Refuses a replay that cannot or should not run now. */
function checkReplayable(submission: Submission, force: boolean, dryRun: boolean) {
  if (submission.draft === null) {
    throw new BridgeError(
      "conflict",
      "The submission's draft was removed by the retention policy; it cannot be replayed.",
    );
  }
  // A dry run changes nothing: it shows what a replay would deliver whatever the status.
  if (dryRun) return;
  if ((submission.status === "delivered" || submission.status === "skipped") && !force) {
    throw new BridgeError(
      "conflict",
      `The submission was already ${submission.status}; add force=1 to deliver it again.`,
    );
  }
}

async function replayOne(
  c: Context<AppEnv>,
  submission: Submission,
  force: boolean,
  replay: ReplayDraft,
) {
  // One conditional statement decides: a delivery that started since the read above wins.
  const requeued = await requeueSubmission(c.env.DB, submission.id, Date.now(), {
    force,
    ...(replay.remapped ? { draft: replay.draft } : {}),
  });
  if (!requeued) {
    const now = await loadSubmission(c.env.DB, submission.id);
    if (!now) throw new BridgeError("not_found", "No such submission.");
    throw new BridgeError("conflict", "The submission is being delivered right now.");
  }
  await c.env.SUBMISSIONS.send({ id: requeued.id, turn: requeued.turn });
  logEvent("info", "admin.replay", {
    request_id: c.get("requestId"),
    submission_id: submission.id,
    was: submission.status,
    remapped: replay.remapped,
  });
  return requeued;
}

/**
 * What a replay would deliver, beside what the log holds, and what is wrong with it: the
 * mapping's findings, and the custom fields checked against Close's schema (when Close answers).
 */
async function previewReplay(c: Context<AppEnv>, submission: Submission, replay: ReplayDraft) {
  const findings: MappingFinding[] = replay.remapped ? [...replay.findings] : [];
  if (replay.draft) {
    try {
      const close = await connectClose(c.env, requireConfig(c.env), 3_000);
      findings.push(...(await reviewCustomFields(close, replay.draft)));
    } catch (error) {
      // The dry run still answers: the drafts are what was asked for; the check is said undone.
      findings.push({
        kind: "unchecked",
        field: "custom",
        problem: `Close's custom fields could not be read now (${error instanceof Error ? error.name : "failure"}): they were not checked`,
      });
    }
  }
  return {
    id: submission.id,
    status: submission.status,
    dry_run: true,
    remapped: replay.remapped,
    ...(replay.remapped ? {} : { reason: replay.reason }),
    old_draft: submission.draft,
    new_draft: replay.draft,
    changes: compareDrafts(submission.draft, replay.draft),
    findings,
  };
}

const isTrue = (value: string | undefined) => value === "1" || value === "true";

/** Registers the admin API under `/v1/admin`. */
export function registerAdminRoutes(app: Hono<AppEnv>) {
  app.get("/v1/admin/submissions", async (c) => {
    const query = parseQuery(c, ListQuery);
    const rows = await listSubmissions(c.env.DB, {
      ...(query.status ? { status: query.status } : {}),
      ...(query.source ? { source: query.source } : {}),
      ...(query.since !== undefined ? { since: query.since } : {}),
      ...(query.cursor ? { before: query.cursor } : {}),
      limit: query.limit + 1,
    });
    const page = rows.slice(0, query.limit);
    const more = rows.length > query.limit;
    return c.json({
      data: page.map(summarize),
      next_cursor: more ? (page.at(-1)?.id ?? null) : null,
    });
  });

  app.get("/v1/admin/submissions/:id", async (c) => {
    const submission = await loadSubmission(c.env.DB, c.req.param("id"));
    if (!submission) throw new BridgeError("not_found", "No such submission.");
    const input = await loadSenderInput(c.env.DB, submission.id);
    return c.json({
      ...summarize(submission),
      dedupe_key: submission.dedupe_key,
      max_retries: submission.max_retries,
      last_error: submission.last_error_code
        ? {
            code: submission.last_error_code,
            message: submission.last_error_message,
            details: submission.last_error_details ?? [],
          }
        : null,
      draft: submission.draft,
      // Whether a replay can map what the sender sent anew (its content stays in the log).
      sender_input: input
        ? {
            kept: true,
            content_type: input.content_type,
            bytes: restoreSentRequest(input).bytes.length,
          }
        : { kept: false },
    });
  });

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

  app.post("/v1/admin/submissions/:id/replay", async (c) => {
    const submission = await loadSubmission(c.env.DB, c.req.param("id"));
    if (!submission) throw new BridgeError("not_found", "No such submission.");
    const dryRun = isTrue(c.req.query("dry_run"));
    const force = isTrue(c.req.query("force"));
    checkReplayable(submission, force, dryRun);
    const replay = await remapSubmission(c.env.DB, requireConfig(c.env), submission);
    if (dryRun) return c.json(await previewReplay(c, submission, replay));
    const requeued = await replayOne(c, submission, force, replay);
    return c.json({ id: requeued.id, status: requeued.status, remapped: replay.remapped }, 202);
  });

  app.post("/v1/admin/replay", async (c) => {
    const query = parseQuery(c, ReplayQuery);
    const force = isTrue(query.force);
    if ((query.status === "delivered" || query.status === "skipped") && !force) {
      throw new BridgeError(
        "conflict",
        `Replaying ${query.status} submissions delivers them again; add force=1.`,
      );
    }
    const rows = await listSubmissions(c.env.DB, {
      status: query.status,
      ...(query.source ? { source: query.source } : {}),
      limit: MAX_BULK_REPLAY,
    });
    const config = requireConfig(c.env);
    const replayed: Submission[] = [];
    const refused: { id: string; code: string; message: string }[] = [];
    for (const row of rows) {
      let replay: ReplayDraft;
      try {
        replay = await remapSubmission(c.env.DB, config, row);
      } catch (thrown) {
        if (!(thrown instanceof BridgeError)) throw thrown;
        refused.push({ id: row.id, code: thrown.code, message: thrown.message });
        continue;
      }
      // Each one conditional statement: only in the status listed, never under a live lease.
      const requeued = await requeueSubmission(c.env.DB, row.id, Date.now(), {
        force,
        status: query.status,
        ...(replay.remapped ? { draft: replay.draft } : {}),
      });
      if (requeued) replayed.push(requeued);
    }
    for (let i = 0; i < replayed.length; i += 100) {
      await c.env.SUBMISSIONS.sendBatch(
        replayed.slice(i, i + 100).map(({ id, turn }) => ({ body: { id, turn } })),
      );
    }
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
        more: rows.length === MAX_BULK_REPLAY,
      },
      202,
    );
  });
}
