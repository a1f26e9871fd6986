// How the admin API shows a row of the submission log.
import { progressOf, type Submission } from "../../store/submissions.ts";

/** A time of the log (ms since the epoch) as ISO 8601, or null. */
export function iso(ms: number): string;
export function iso(ms: number | null): string | null;
export function iso(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString();
}

/** A log row as the admin API shows it in lists (no draft: it holds personal data). */
export function summarize(submission: Submission) {
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

/** One submission in full: the summary, its error's details and its draft. */
export function detail(submission: Submission) {
  return {
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
    // Routing in Close: the owner, task, custom activity and opportunity it recorded.
    routing: progressOf(submission).routing ?? null,
  };
}
