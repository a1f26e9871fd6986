// Stage 8 in queue mode: the consumer of the submissions queue. It delivers each submission
// with the same upsert as sync mode, saving progress to the log after every Close answer, paces
// itself by Close's rate limits, retries transient failures with backoff, and sends what cannot
// be delivered to the dead-letter queue.
import { CloseError } from "../close/client.ts";
import { type BridgeConfig, loadConfig } from "../config/load.ts";
import { observeDeliveryFailure, observeDeliverySuccess } from "../incidents/observe.ts";
import { logEvent, redactPersonalData } from "../log.ts";
import {
  abandonSubmission,
  type DeliveryError,
  finishDelivery,
  loadSubmission,
  markDead,
  progressOf,
  type Submission,
  saveProgress,
  scheduleRetry,
  startDelivery,
} from "../store/submissions.ts";
import { AUTH_FAILURE_MIN_DELAY_S, MAX_DELAY_S, retryDelaySeconds } from "./backoff.ts";
import { connectClose } from "./connect.ts";
import { deliverNow, fieldErrorDetails } from "./sync.ts";

/** The queues of wrangler.toml, by role. */
export const QUEUE_NAMES = {
  submissions: "close-bridge-submissions",
  deadLetters: "close-bridge-dead-letters",
} as const;

/** What a queue message carries: only the submission id (the log has the rest). */
export type SubmissionMessage = { id: string };

/** The longest the consumer waits inline for a rate-limit window; longer waits go back to the queue. */
export const CONSUMER_MAX_WAIT_MS = 3_000;

/**
 * Seconds until another delivery's lease on the submission ends (at most the queue's longest
 * delay), or undefined when none holds it.
 */
function leaseLeftS(submission: Submission | undefined, now: number): number | undefined {
  if (submission?.status !== "delivering" || submission.lease_until === null) return undefined;
  if (submission.lease_until < now) return undefined;
  return Math.min(MAX_DELAY_S, Math.max(1, Math.ceil((submission.lease_until - now) / 1000)));
}

/** What became of one delivery attempt, and what the queue should do with the message. */
type Attempt =
  | { kind: "done" }
  | { kind: "retry"; delayS: number }
  | { kind: "rate_limited"; delayS: number }
  | { kind: "dead" };

/** What the log records of a failed attempt: a code and a message without personal data. */
export function describeFailure(error: unknown): DeliveryError {
  if (error instanceof CloseError) {
    const details = fieldErrorDetails(error);
    return {
      code: `close_${error.kind}`,
      message: redactPersonalData(`${error.request}: ${error.message}`),
      ...(details.length > 0 ? { details } : {}),
    };
  }
  return {
    code: "internal_error",
    message: error instanceof Error ? error.name : "unknown failure",
  };
}

/** Decides what a failed attempt leads to, and records it. */
async function settleFailure(
  env: Env,
  config: BridgeConfig,
  submission: Submission,
  error: unknown,
  now: number,
): Promise<Attempt> {
  const failure = describeFailure(error);
  const fields = {
    submission_id: submission.id,
    source: submission.source,
    attempt: submission.attempts,
    ...failure,
  };
  if (error instanceof CloseError && error.kind === "rate_limited") {
    const delayS = Math.max(1, Math.ceil(error.retryAfterS ?? 1));
    await scheduleRetry(env.DB, submission.id, now + delayS * 1000, failure, now, true);
    logEvent("info", "delivery.rate_limited", { ...fields, delay_s: delayS });
    return { kind: "rate_limited", delayS };
  }
  const permanent = error instanceof CloseError && error.kind === "rejected";
  if (permanent || submission.attempts > submission.max_retries) {
    await markDead(env.DB, submission.id, failure, now);
    logEvent("error", "delivery.dead", {
      ...fields,
      reason: permanent ? "close_rejected" : "retries_exhausted",
    });
    return { kind: "dead" };
  }
  let delayS = retryDelaySeconds(submission.attempts, config.RETRY_BASE_S);
  if (error instanceof CloseError && error.kind === "auth") {
    delayS = Math.max(delayS, AUTH_FAILURE_MIN_DELAY_S);
    logEvent("error", "delivery.close_auth_failed", {
      ...fields,
      action:
        "Close refused CLOSE_API_KEY: set a valid key with `wrangler secret put CLOSE_API_KEY`",
    });
  } else {
    logEvent(error instanceof CloseError ? "warn" : "error", "delivery.retry", {
      ...fields,
      delay_s: delayS,
    });
  }
  await scheduleRetry(env.DB, submission.id, now + delayS * 1000, failure, now);
  return { kind: "retry", delayS };
}

/** One delivery attempt of one submission. */
async function attemptDelivery(env: Env, config: BridgeConfig, id: string): Promise<Attempt> {
  const now = Date.now();
  const submission = await startDelivery(env.DB, id, now);
  if (!submission) {
    const current = await loadSubmission(env.DB, id);
    const heldForS = leaseLeftS(current, now);
    if (heldForS !== undefined) {
      // Another delivery holds it, or held it and died before the ack (the queue redelivers a
      // crashed batch at once): come back when its lease ends, to resume it or find it finished.
      logEvent("info", "delivery.held", { submission_id: id, retry_in_s: heldForS });
      return { kind: "retry", delayS: heldForS };
    }
    logEvent("info", "delivery.skipped_message", {
      submission_id: id,
      status: current?.status ?? "unknown",
      reason: current ? "finished, or moving with another message" : "no such submission",
    });
    return { kind: "done" };
  }
  const source = config.sources.get(submission.source);
  if (!source || !submission.draft) {
    const failure = {
      code: "config_invalid",
      message: source
        ? "the submission's draft was removed by retention"
        : `the source ${submission.source} is no longer configured`,
    };
    await markDead(env.DB, id, failure, now);
    logEvent("error", "delivery.dead", { submission_id: id, ...failure });
    return { kind: "dead" };
  }
  try {
    const close = await connectClose(env, config, CONSUMER_MAX_WAIT_MS);
    const done = await deliverNow(
      close,
      submission.draft,
      {
        submissionId: id,
        name: source.name,
        on_duplicate: source.on_duplicate,
        lead: source.lead,
        receivedAt: submission.received_at,
        // A later attempt, or a replay of one that failed, may find its own earlier writes.
        resumed: submission.attempts > 1 || submission.last_error_code !== null,
      },
      (progress) => saveProgress(env.DB, id, progress, Date.now()),
      progressOf(submission),
    );
    await finishDelivery(env.DB, id, done, Date.now());
    await observeDeliverySuccess(env, { source: source.name, submissionId: id });
    logEvent("info", "submission.delivered", {
      submission_id: id,
      source: source.name,
      mode: "queue",
      attempt: submission.attempts,
      outcome: done.outcome,
      contact_id: done.contact_id,
      lead_id: done.lead_id,
      note_id: done.note_id,
    });
    return { kind: "done" };
  } catch (error) {
    const attempt = await settleFailure(env, config, submission, error, Date.now());
    const dead = attempt.kind === "dead";
    await observeDeliveryFailure(env, { source: source.name, submissionId: id, error, dead });
    return attempt;
  }
}

/** Messages of one batch delivered at once: Close calls of different submissions overlap, while
 * the shared pacer keeps all of them within Close's rate limit. */
export const CONSUMER_CONCURRENCY = 8;

/** The `queue()` handler for the submissions queue. */
export async function consumeSubmissions(
  batch: MessageBatch<SubmissionMessage>,
  env: Env,
): Promise<void> {
  const result = loadConfig(env);
  if (!result.ok) {
    logEvent("error", "delivery.config_invalid", { problems: result.problems });
    batch.retryAll({ delaySeconds: 300 });
    return;
  }
  const config = result.config;
  const waiting = [...batch.messages];
  let pausedForS: number | undefined;

  const settle = async (message: Message<SubmissionMessage>, attempt: Attempt) => {
    switch (attempt.kind) {
      case "done":
        message.ack();
        break;
      case "retry":
        message.retry({ delaySeconds: attempt.delayS });
        break;
      case "rate_limited":
        pausedForS = Math.max(pausedForS ?? 0, attempt.delayS);
        message.retry({ delaySeconds: attempt.delayS });
        break;
      case "dead":
        await env.DEAD_LETTERS.send({ id: message.body.id });
        message.ack();
        break;
    }
  };

  const work = async () => {
    for (let message = waiting.shift(); message; message = waiting.shift()) {
      if (pausedForS !== undefined) {
        // Close's rate limit is used up: the rest of the batch waits for the window to reset.
        message.retry({ delaySeconds: pausedForS });
        continue;
      }
      await settle(message, await attemptDelivery(env, config, message.body.id));
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONSUMER_CONCURRENCY, waiting.length) }, work));
}

/**
 * The `queue()` handler for the dead-letter queue: confirms each submission is marked dead, and
 * marks dead one the queue gave up on, unless it is finished or a delivery still holds it.
 */
export async function consumeDeadLetters(
  batch: MessageBatch<SubmissionMessage>,
  env: Env,
): Promise<void> {
  for (const message of batch.messages) {
    const id = message.body.id;
    const now = Date.now();
    // The queue gave up on it (a consumer that kept crashing): the log says so too, unless it is
    // finished or a delivery holds it (one statement, so no delivery can start in between).
    const failure = { code: "queue_retries_exhausted", message: "the queue stopped retrying" };
    const abandoned = await abandonSubmission(env.DB, id, failure, now);
    if (abandoned) {
      await observeDeliveryFailure(env, {
        source: abandoned.source,
        submissionId: id,
        error: failure,
        dead: true,
      });
    }
    const submission = abandoned ?? (await loadSubmission(env.DB, id));
    const heldForS = leaseLeftS(submission, now);
    if (heldForS !== undefined) {
      // A delivery holds it (or held it and died): decide when its lease ends.
      message.retry({ delaySeconds: heldForS });
      continue;
    }
    logEvent("warn", "submission.dead_letter", {
      submission_id: id,
      source: submission?.source,
      status: submission?.status,
      last_error_code: submission?.last_error_code,
    });
    message.ack();
  }
}
