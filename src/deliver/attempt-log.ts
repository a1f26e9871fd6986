// One delivery attempt as the log keeps it: the Close requests it sent (heard through the
// client's transport) and how it ended. A failure to write it is logged, never thrown: the
// attempt's outcome is already in the submission's row, which is what delivery relies on.
import { CloseError } from "../close/error.ts";
import type { CloseCall } from "../close/observe.ts";
import { endpointGroup } from "../close/rate-limit.ts";
import { logEvent } from "../log.ts";
import { type AttemptResult, recordAttempt } from "../store/attempts.ts";
import type { DeliveryError, Submission, UpsertProgress } from "../store/submissions.ts";

/** An attempt in progress: hand `observe` to `connectClose`, then `finish` it once. */
export type AttemptLog = {
  observe: (call: CloseCall) => void;
  /** The kinds of request Close took (2xx) in this attempt (`endpointGroup`). */
  taken: () => string[];
  /** Records a delivered (or skipped) attempt. */
  succeed: (db: D1Database, done: UpsertProgress) => Promise<void>;
  /** Records a failed attempt and what it led to. */
  fail: (
    db: D1Database,
    result: Exclude<AttemptResult, "created" | "updated" | "skipped">,
    failure: DeliveryError,
    error: unknown,
  ) => Promise<void>;
};

/** Starts the log of one attempt of `submission` (as `startDelivery` answered it). */
export function startAttemptLog(
  submission: Pick<Submission, "id" | "attempts">,
  mode: "queue" | "sync",
  startedAt: number,
): AttemptLog {
  const requests: CloseCall[] = [];
  const save = async (db: D1Database, ending: Parameters<typeof recordAttempt>[1]) => {
    try {
      await recordAttempt(db, ending);
    } catch (error) {
      logEvent("error", "attempt.not_recorded", {
        submission_id: submission.id,
        error: error instanceof Error ? error.message : String(error),
      });
    }
  };
  const common = () => ({
    submissionId: submission.id,
    attempt: Math.max(1, submission.attempts),
    mode,
    startedAt,
    finishedAt: Date.now(),
    requests,
  });
  return {
    observe: (call) => requests.push(call),
    taken: () => [
      ...new Set(
        requests
          .filter((call) => call.status !== null && call.status >= 200 && call.status < 300)
          .map((call) => endpointGroup(call.method, call.path)),
      ),
    ],
    succeed: (db, done) => save(db, { ...common(), result: done.outcome ?? "created" }),
    fail: (db, result, failure, error) =>
      save(db, {
        ...common(),
        result,
        closeStatus: error instanceof CloseError ? error.status : undefined,
        errorCode: failure.code,
        errorMessage: failure.message,
      }),
  };
}
