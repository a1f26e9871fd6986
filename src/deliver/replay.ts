// Replay: a dead (or, forced, a finished) submission goes back to the queue under a new turn,
// mapped anew from what the sender sent when the log kept it. Whether a submission may be
// replayed, and what a dry run shows, is decided here, once, for the admin API's single and bulk
// replay alike; each requeue is one conditional statement, so a delivery in progress wins.
import { requireConfig } from "../config/load.ts";
import { BridgeError, type ErrorCode } from "../errors.ts";
import type { MappingFinding } from "../map/review.ts";
import { loadPhoneMetadata } from "../phone-metadata.ts";
import { hashDraftEmails } from "../store/email-hash.ts";
import {
  listSubmissions,
  loadSubmission,
  type RequeueOptions,
  requeueSubmission,
  type Submission,
  type SubmissionStatus,
} from "../store/submissions.ts";
import { connectClose } from "./connect.ts";
import { reviewCustomFields } from "./custom-fields.ts";
import { compareDrafts, type ReplayDraft, remapSubmission } from "./remap.ts";

/** The most submissions one bulk replay takes. */
export const MAX_BULK_REPLAY = 1000;

/** How long a dry run waits for Close's rate limit when it reads the custom fields. */
const DRY_RUN_MAX_WAIT_MS = 3_000;

/** Whether replaying submissions in `status` delivers them again (and so needs `force`). */
function isFinished(status: SubmissionStatus): boolean {
  return status === "delivered" || status === "skipped";
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
  if (isFinished(submission.status) && !force) {
    throw new BridgeError(
      "conflict",
      `The submission was already ${submission.status}; add force=1 to deliver it again.`,
    );
  }
}

/**
 * What a replay would deliver, beside what the log holds, and what is wrong with it: the
 * mapping's findings, and the custom fields checked against Close's schema (when Close answers).
 */
async function previewReplay(env: Env, submission: Submission, replay: ReplayDraft) {
  const findings: MappingFinding[] = replay.remapped ? [...replay.findings] : [];
  if (replay.draft) {
    try {
      const close = await connectClose(env, requireConfig(env), DRY_RUN_MAX_WAIT_MS);
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

/** What a dry run shows: both drafts, what changed, and the findings. */
export type ReplayPreview = Awaited<ReturnType<typeof previewReplay>>;

/** What a replay did: the row requeued (under its new turn), and whether it was mapped anew. */
export type Replayed = { was: Submission; requeued: Submission; remapped: boolean };

/** A replay's new draft with its emails' search hashes, for the requeue; nothing when it kept the stored one. */
async function remappedOf(env: Env, replay: ReplayDraft): Promise<RequeueOptions> {
  if (!replay.remapped) return {};
  return {
    remapped: { draft: replay.draft, emailHashes: await hashDraftEmails(env, replay.draft) },
  };
}

/**
 * Replays one submission, or with `dryRun` shows what a replay would deliver. Refuses (409
 * `conflict`) a finished one without `force`, one whose draft retention removed, and one being
 * delivered right now; a sender's data that no longer maps is refused as the remap says.
 */
export async function replaySubmission(
  env: Env,
  id: string,
  options: { force: boolean; dryRun: boolean },
): Promise<{ preview: ReplayPreview } | { replayed: Replayed }> {
  const submission = await loadSubmission(env.DB, id);
  if (!submission) throw new BridgeError("not_found", "No such submission.");
  checkReplayable(submission, options.force, options.dryRun);
  const replay = await remapSubmission(env, requireConfig(env), submission);
  if (options.dryRun) return { preview: await previewReplay(env, submission, replay) };
  // One conditional statement decides: a delivery that started since the read above wins.
  const requeued = await requeueSubmission(env.DB, submission.id, Date.now(), {
    force: options.force,
    ...(await remappedOf(env, replay)),
  });
  if (!requeued) {
    const now = await loadSubmission(env.DB, submission.id);
    if (!now) throw new BridgeError("not_found", "No such submission.");
    throw new BridgeError("conflict", "The submission is being delivered right now.");
  }
  await env.SUBMISSIONS.send({ id: requeued.id, turn: requeued.turn });
  return { replayed: { was: submission, requeued, remapped: replay.remapped } };
}

/** Which submissions a bulk replay takes. */
export type BulkReplay = { status: SubmissionStatus; source?: string; force: boolean };

/** A submission a bulk replay left out: its sender's data no longer maps. */
export type RefusedReplay = { id: string; code: ErrorCode; message: string };

/**
 * Replays every submission in `status` (of `source`), at most `MAX_BULK_REPLAY`, each mapped
 * anew: only those still in that status and under no live lease when their turn comes. `more`
 * says whether the limit cut the list.
 */
export async function replaySubmissions(
  env: Env,
  which: BulkReplay,
): Promise<{ replayed: Submission[]; refused: RefusedReplay[]; more: boolean }> {
  if (isFinished(which.status) && !which.force) {
    throw new BridgeError(
      "conflict",
      `Replaying ${which.status} submissions delivers them again; add force=1.`,
    );
  }
  const rows = await listSubmissions(env.DB, {
    status: which.status,
    ...(which.source ? { source: which.source } : {}),
    limit: MAX_BULK_REPLAY,
  });
  const config = requireConfig(env);
  // Loaded before the first remap: when it cannot be, the whole replay answers 503 untouched.
  if (rows.length > 0) await loadPhoneMetadata(env);
  const replayed: Submission[] = [];
  const refused: RefusedReplay[] = [];
  for (const row of rows) {
    let replay: ReplayDraft;
    try {
      replay = await remapSubmission(env, config, row);
    } catch (thrown) {
      if (!(thrown instanceof BridgeError)) throw thrown;
      refused.push({ id: row.id, code: thrown.code, message: thrown.message });
      continue;
    }
    // Each one conditional statement: only in the status listed, never under a live lease.
    const requeued = await requeueSubmission(env.DB, row.id, Date.now(), {
      force: which.force,
      status: which.status,
      ...(await remappedOf(env, replay)),
    });
    if (requeued) replayed.push(requeued);
  }
  for (let i = 0; i < replayed.length; i += 100) {
    await env.SUBMISSIONS.sendBatch(
      replayed.slice(i, i + 100).map(({ id, turn }) => ({ body: { id, turn } })),
    );
  }
  return { replayed, refused, more: rows.length === MAX_BULK_REPLAY };
}
