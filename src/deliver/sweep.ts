// The scheduled sweep (cron): re-enqueues submissions that should be moving but are not (a
// queue send that failed at ingest, a consumer that died holding one), and applies the
// retention policy to the log (and to the console's counts of unrecorded posts), and hashes the
// emails of submissions recorded before every email was hashed.
import { loadConfig } from "../config/load.ts";
import { logEvent } from "../log.ts";
import { emailHashKey, hashEarlierEmails } from "../store/email-hash.ts";
import { applyRetention, findStalled } from "../store/submissions.ts";
import { pruneUnrecordedPosts } from "../store/unrecorded.ts";
import type { SubmissionMessage } from "./queue.ts";

/** How long a submission may sit still before the sweep sends it again. */
export const STALL_GRACE_MS = 15 * 60_000;
const SWEEP_LIMIT = 500;
/** Submissions whose emails one sweep hashes at most (each costs an HMAC per email). */
const HASH_LIMIT = 200;

/** The `scheduled()` handler. */
export async function sweepSubmissions(
  env: Env,
  now: number,
): Promise<{ requeued: number; draftsRemoved: number; rowsDeleted: number }> {
  const retentionDays = loadConfig(env).config?.RETENTION_DAYS ?? 30;
  const stalled = await findStalled(env.DB, now, STALL_GRACE_MS, SWEEP_LIMIT);
  for (let i = 0; i < stalled.length; i += 100) {
    const messages = stalled
      .slice(i, i + 100)
      .map(({ id, turn }) => ({ body: { id, turn } satisfies SubmissionMessage }));
    await env.SUBMISSIONS.sendBatch(messages);
  }
  // Before retention removes the drafts they are read from.
  const emailsHashed = await hashEarlierEmails(env.DB, await emailHashKey(env), HASH_LIMIT);
  const retention = await applyRetention(env.DB, now, retentionDays);
  // The console's counts of unrecorded posts last as long as the log's rows.
  const countsPruned = await pruneUnrecordedPosts(env.DB, now - 2 * retentionDays * 86_400_000);
  logEvent("info", "sweep.done", {
    requeued: stalled.length,
    ...retention,
    countsPruned,
    emailsHashed,
  });
  return { requeued: stalled.length, ...retention };
}
