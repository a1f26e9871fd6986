// One delivery attempt with quick retries: a 429 or 5xx from Close is retried at most three
// times in all, waiting what Close asks when that is at most 5 s, resuming where the upsert
// stopped. Sync mode runs it in the request; the queue consumer runs it per message, so that a
// passing blip costs a second, not a trip through the queue's backoff. A write whose outcome is
// unknown (an ambiguous failure) is never retried here: only after Close's search has settled.
import type { CloseClient } from "../close/client.ts";
import { CloseError } from "../close/error.ts";
import { logEvent } from "../log.ts";
import type { UpsertProgress } from "../store/submissions.ts";
import type { ContactDraft } from "../validate/draft.ts";
import { type SaveProgress, type UpsertOptions, upsertSubmission } from "./upsert.ts";

/** Attempts in all, and the longest wait between two, inside one request. */
export const SYNC_RETRY = { attempts: 3, maxWaitMs: 5_000, backoffMs: 250 } as const;

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Runs the upsert now, retrying what Close says is transient, resuming where it stopped.
 * Throws the last `CloseError` (or other failure) when it gives up.
 */
export async function deliverNow(
  close: CloseClient,
  draft: ContactDraft,
  options: UpsertOptions,
  save: SaveProgress = async () => {},
  start: UpsertProgress = {},
): Promise<UpsertProgress> {
  let progress: UpsertProgress = { ...start };
  for (let attempt = 1; ; attempt++) {
    try {
      const resumed = options.resumed || attempt > 1;
      return await upsertSubmission(
        close,
        draft,
        { ...options, resumed },
        progress,
        async (saved) => {
          progress = saved;
          await save(saved);
        },
      );
    } catch (error) {
      if (
        !(error instanceof CloseError) ||
        !error.retryable ||
        error.ambiguous ||
        attempt >= SYNC_RETRY.attempts
      ) {
        throw error;
      }
      const waitMs =
        error.retryAfterS !== undefined
          ? error.retryAfterS * 1000
          : SYNC_RETRY.backoffMs * 2 ** (attempt - 1);
      if (waitMs > SYNC_RETRY.maxWaitMs) throw error;
      logEvent("warn", "close.retry", {
        submission_id: options.submissionId,
        attempt,
        kind: error.kind,
        status: error.status,
        request: error.request,
        wait_ms: Math.round(waitMs),
      });
      await sleep(waitMs);
    }
  }
}
