// Replay: a dead (or, forced, a finished) submission goes back to the queue under a new turn.
// Whether a submission may be replayed is decided here, once, for the admin API's single and
// bulk replay alike; each requeue is one conditional statement, so a delivery in progress wins.
import { BridgeError } from "../errors.ts";
import {
  listSubmissions,
  loadSubmission,
  requeueSubmission,
  type Submission,
  type SubmissionStatus,
} from "../store/submissions.ts";

/** The most submissions one bulk replay takes. */
export const MAX_BULK_REPLAY = 1000;

/** Whether replaying submissions in `status` delivers them again (and so needs `force`). */
function isFinished(status: SubmissionStatus): boolean {
  return status === "delivered" || status === "skipped";
}

/**
 * Replays one submission: refuses (409 `conflict`) a finished one without `force`, one whose
 * draft retention removed, and one being delivered right now. Answers the requeued row.
 */
export async function replaySubmission(
  env: Env,
  id: string,
  force: boolean,
): Promise<{ was: Submission; requeued: Submission }> {
  const submission = await loadSubmission(env.DB, id);
  if (!submission) throw new BridgeError("not_found", "No such submission.");
  if (isFinished(submission.status) && !force) {
    throw new BridgeError(
      "conflict",
      `The submission was already ${submission.status}; add force=1 to deliver it again.`,
    );
  }
  if (submission.draft === null) {
    throw new BridgeError(
      "conflict",
      "The submission's draft was removed by the retention policy; it cannot be replayed.",
    );
  }
  // One conditional statement decides: a delivery that started since the read above wins.
  const requeued = await requeueSubmission(env.DB, submission.id, Date.now(), { force });
  if (!requeued) {
    const now = await loadSubmission(env.DB, submission.id);
    if (!now) throw new BridgeError("not_found", "No such submission.");
    throw new BridgeError("conflict", "The submission is being delivered right now.");
  }
  await env.SUBMISSIONS.send({ id: requeued.id, turn: requeued.turn });
  return { was: submission, requeued };
}

/** Which submissions a bulk replay takes. */
export type BulkReplay = { status: SubmissionStatus; source?: string; force: boolean };

/**
 * Replays every submission in `status` (of `source`), at most `MAX_BULK_REPLAY`: only those
 * still in that status and under no live lease when their turn comes. `more` says whether the
 * limit cut the list.
 */
export async function replaySubmissions(
  env: Env,
  which: BulkReplay,
): Promise<{ replayed: Submission[]; more: boolean }> {
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
  const replayed: Submission[] = [];
  for (const row of rows) {
    // Each one conditional statement: only in the status listed, never under a live lease.
    const requeued = await requeueSubmission(env.DB, row.id, Date.now(), {
      force: which.force,
      status: which.status,
    });
    if (requeued) replayed.push(requeued);
  }
  for (let i = 0; i < replayed.length; i += 100) {
    await env.SUBMISSIONS.sendBatch(
      replayed.slice(i, i + 100).map(({ id, turn }) => ({ body: { id, turn } })),
    );
  }
  return { replayed, more: rows.length === MAX_BULK_REPLAY };
}
