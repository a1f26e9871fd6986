// Stage 8 in queue mode: the consumer of the submissions queue. It delivers each submission
// with the same upsert as sync mode, saving progress to the log after every Close answer, paces
// itself by Close's rate limits, retries transient failures with backoff (after a write whose
// answer was lost, no sooner than Close's search shows it), and marks dead what cannot be
// delivered. The log is the truth; a queue message only reminds the consumer of a submission.
import { CloseError } from "../close/client.ts";
import { type BridgeConfig, loadConfig } from "../config/load.ts";
import { observeDeliveryFailure, observeDeliverySuccess } from "../incidents/observe.ts";
import { logEvent, redactPersonalData } from "../log.ts";
import { companyLeadsFor } from "../store/company-leads.ts";
import {
  abandonSubmission,
  type DeliveryError,
  finishDelivery,
  loadSubmission,
  markDead,
  progressOf,
  releaseSubmission,
  StoreUnavailable,
  type Submission,
  saveProgress,
  scheduleRetry,
  startDelivery,
  writeReliably,
} from "../store/submissions.ts";
import * as z from "../zod.ts";
import { AUTH_FAILURE_MIN_DELAY_S, MAX_DELAY_S, retryDelaySeconds } from "./backoff.ts";
import { connectClose } from "./connect.ts";
import { deliverNow, fieldErrorDetails } from "./sync.ts";
import { CompanyBusy, mayHaveWritten } from "./upsert.ts";

/** The queues of wrangler.toml, by role. */
export const QUEUE_NAMES = {
  submissions: "close-bridge-submissions",
  deadLetters: "close-bridge-dead-letters",
} as const;

/**
 * What a queue message carries: the submission id (the log has the rest) and the turn it was
 * sent for. A new reminder (a retry, a replay) takes a new turn, so an older duplicate still in
 * the queue is known for what it is. Messages sent before turns existed carry none.
 */
export const SubmissionMessage = z.object({
  id: z.string().check(z.minLength(1), z.maxLength(100)),
  turn: z.optional(z.number().check(z.int(), z.minimum(0))),
});
export type SubmissionMessage = z.infer<typeof SubmissionMessage>;

/** The longest the consumer waits inline for a rate-limit window; longer waits go back to the queue. */
export const CONSUMER_MAX_WAIT_MS = 3_000;

/**
 * Seconds until another delivery's lease on the submission ends (at most the queue's longest
 * delay), or undefined when none holds it.
 */
function leaseLeftS(submission: Submission | undefined, now: number): number | undefined {
  if (submission?.status !== "delivering" || submission.lease_until === null) return undefined;
  if (submission.lease_until < now) return undefined;
  return secondsUntil(submission.lease_until, now);
}

/** Whole seconds from `now` until `at`: at least 1, at most the queue's longest delay. */
function secondsUntil(at: number, now: number): number {
  return Math.min(MAX_DELAY_S, Math.max(1, Math.ceil((at - now) / 1000)));
}

/** What became of one message, and what the queue should do with it. */
type Attempt =
  | { kind: "done" }
  /** The bridge chose to come back later: a new message (with this turn) replaces this one. */
  | { kind: "later"; delayS: number; turn: number | undefined }
  /** Close's rate limit is used up: later, and the rest of the batch waits too. */
  | { kind: "rate_limited"; delayS: number; turn: number | undefined }
  /** Another delivery holds it, or it is not due: the queue retries this very message. */
  | { kind: "wait"; delayS: number }
  | { kind: "dead"; turn: number | undefined };

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
  if (error instanceof StoreUnavailable) {
    return { code: "store_unavailable", message: error.message };
  }
  if (error instanceof CompanyBusy) {
    return { code: "company_busy", message: error.message };
  }
  return {
    code: "internal_error",
    message: error instanceof Error ? error.name : "unknown failure",
  };
}

/**
 * Seconds to wait before the next attempt after `attempts` failed ones ending in `error`: the
 * backoff; at least 15 minutes when Close refused the API key; at least `SEARCH_SETTLE_S` when a
 * write may have happened unseen.
 */
export function nextAttemptDelayS(error: unknown, attempts: number, config: BridgeConfig): number {
  let delayS = retryDelaySeconds(attempts, config.RETRY_BASE_S);
  if (error instanceof CloseError && error.kind === "auth") {
    delayS = Math.max(delayS, AUTH_FAILURE_MIN_DELAY_S);
  }
  if (mayHaveWritten(error)) delayS = Math.max(delayS, config.SEARCH_SETTLE_S);
  return Math.min(MAX_DELAY_S, delayS);
}

/**
 * A failure that is not the submission's fault and cost Close nothing it cannot find again: the
 * attempt is given back, and the submission comes back in `delayS`. Close's rate limit (which
 * also holds back the rest of the batch), another delivery creating the company's lead, and the
 * log failing to record what Close did (the next attempt, after the search has settled, finds
 * Close's records and repeats none of its writes).
 */
export function postponement(error: unknown, config: BridgeConfig) {
  if (error instanceof CloseError && error.kind === "rate_limited") {
    const delayS = Math.max(1, Math.ceil(error.retryAfterS ?? 1));
    return { delayS, event: "delivery.rate_limited", level: "info", pause: true } as const;
  }
  if (error instanceof CompanyBusy) {
    return { delayS: error.retryAfterS, event: "delivery.company_busy", level: "info" } as const;
  }
  if (error instanceof StoreUnavailable) {
    const delayS = Math.max(1, config.SEARCH_SETTLE_S);
    return { delayS, event: "delivery.unrecorded", level: "error" } as const;
  }
  return undefined;
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
  const later = postponement(error, config);
  if (later) {
    const { delayS } = later;
    const at = now + delayS * 1000;
    const turn = await scheduleRetry(env.DB, submission.id, at, failure, now, true);
    logEvent(later.level, later.event, { ...fields, delay_s: delayS });
    if (turn === undefined) return { kind: "done" };
    return { kind: "pause" in later ? "rate_limited" : "later", delayS, turn };
  }
  const permanent = error instanceof CloseError && error.kind === "rejected";
  if (permanent || submission.attempts > submission.max_retries) {
    await markDead(env.DB, submission.id, failure, now);
    logEvent("error", "delivery.dead", {
      ...fields,
      reason: permanent ? "close_rejected" : "retries_exhausted",
    });
    return { kind: "dead", turn: submission.turn };
  }
  const delayS = nextAttemptDelayS(error, submission.attempts, config);
  if (error instanceof CloseError && error.kind === "auth") {
    logEvent("error", "delivery.close_auth_failed", {
      ...fields,
      action:
        "Close refused CLOSE_API_KEY: set a valid key with `wrangler secret put CLOSE_API_KEY`",
    });
  } else {
    logEvent(error instanceof CloseError ? "warn" : "error", "delivery.retry", {
      ...fields,
      delay_s: delayS,
      may_have_written: mayHaveWritten(error),
    });
  }
  const turn = await scheduleRetry(env.DB, submission.id, now + delayS * 1000, failure, now);
  return turn === undefined ? { kind: "done" } : { kind: "later", delayS, turn };
}

/** What a message that could not take its submission does: wait for it, or leave it. */
function passOver(
  message: SubmissionMessage,
  current: Submission | undefined,
  now: number,
): Attempt {
  const heldForS = leaseLeftS(current, now);
  if (heldForS !== undefined) {
    // Another delivery holds it, or held it and died before the ack (the queue redelivers a
    // crashed batch at once): come back when its lease ends, to resume it or find it finished.
    logEvent("info", "delivery.held", { submission_id: message.id, retry_in_s: heldForS });
    return { kind: "wait", delayS: heldForS };
  }
  const waiting = current?.status === "queued" || current?.status === "retrying";
  if (waiting && current.next_attempt_at !== null && current.next_attempt_at > now) {
    if (message.turn === undefined || message.turn === current.turn) {
      // Early (a duplicate sent by the sweep): the attempt waits for its time.
      return { kind: "wait", delayS: secondsUntil(current.next_attempt_at, now) };
    }
    logEvent("info", "delivery.skipped_message", {
      submission_id: message.id,
      status: current.status,
      reason: "an older message; the submission waits for a newer one",
    });
    return { kind: "done" };
  }
  logEvent("info", "delivery.skipped_message", {
    submission_id: message.id,
    status: current?.status ?? "unknown",
    reason: current ? "finished, or moving with another message" : "no such submission",
  });
  return { kind: "done" };
}

/** Marks dead a submission that cannot be tried again, for a reason other than Close's answer. */
async function giveUp(
  env: Env,
  submission: Submission,
  now: number,
  failure: DeliveryError,
): Promise<Attempt> {
  await markDead(env.DB, submission.id, failure, now);
  logEvent("error", "delivery.dead", {
    submission_id: submission.id,
    attempt: submission.attempts,
    ...failure,
  });
  await observeDeliveryFailure(env, {
    source: submission.source,
    submissionId: submission.id,
    error: failure,
    dead: true,
  });
  return { kind: "dead", turn: submission.turn };
}

/** One delivery attempt of one submission. */
async function attemptDelivery(
  env: Env,
  config: BridgeConfig,
  message: SubmissionMessage,
): Promise<Attempt> {
  const id = message.id;
  const now = Date.now();
  const submission = await startDelivery(env.DB, id, now, config.DELIVERY_LEASE_S * 1000);
  if (!submission) return passOver(message, await loadSubmission(env.DB, id), now);
  if (submission.attempts > submission.max_retries + 1) {
    // Every attempt the source allows began and none ended (a consumer that dies on it).
    return giveUp(env, submission, now, {
      code: "delivery_interrupted",
      message: "every attempt stopped before Close answered (the consumer kept stopping)",
    });
  }
  const source = config.sources.get(submission.source);
  if (!source || config.problems.length > 0) {
    // Its source is gone from the configuration, or broken (a missing secret, a mistake in its
    // table): the submission waits, untried, until the source is back; the sweep sends it again.
    const failure = {
      code: "config_invalid",
      message: config.broken.has(submission.source)
        ? `the source ${submission.source} has configuration problems`
        : `the source ${submission.source} is not configured`,
    };
    await releaseSubmission(env.DB, id, failure, now);
    logEvent("error", "delivery.source_missing", { submission_id: id, ...failure });
    return { kind: "done" };
  }
  if (!submission.draft) {
    return giveUp(env, submission, now, {
      code: "draft_removed",
      message: "the submission's draft was removed",
    });
  }
  const leaseUntil = submission.lease_until ?? now;
  let done: Awaited<ReturnType<typeof deliverNow>>;
  try {
    const close = await connectClose(env, config, CONSUMER_MAX_WAIT_MS, {
      // Nothing is sent to Close late in the lease: whoever takes over when it ends finds every
      // write this delivery made, answered or not, in Close's search.
      deadline: leaseUntil - config.SEARCH_SETTLE_S * 1000 - config.CLOSE_TIMEOUT_MS,
    });
    done = await deliverNow(
      close,
      submission.draft,
      {
        submissionId: id,
        name: source.name,
        on_duplicate: source.on_duplicate,
        lead: source.lead,
        invalid_phone: source.invalid_phone,
        receivedAt: submission.received_at,
        // A later attempt, or a replay of one that failed, may find its own earlier writes.
        resumed: submission.attempts > 1 || submission.last_error_code !== null,
        companies: companyLeadsFor(env.DB, {
          holder: id,
          holdUntil: leaseUntil,
          settleMs: config.SEARCH_SETTLE_S * 1000,
          maxWaitMs: CONSUMER_MAX_WAIT_MS,
        }),
      },
      (progress) => writeReliably(() => saveProgress(env.DB, id, progress, Date.now())),
      progressOf(submission),
    );
  } catch (error) {
    const attempt = await settleFailure(env, config, submission, error, Date.now());
    const dead = attempt.kind === "dead";
    await observeDeliveryFailure(env, { source: source.name, submissionId: id, error, dead });
    return attempt;
  }
  try {
    await writeReliably(() => finishDelivery(env.DB, id, done, Date.now()));
  } catch {
    // Close has everything; only the log does not say so. The submission keeps its lease, and
    // whoever takes it over when the lease ends finds Close's records and sends nothing again.
    logEvent("error", "delivery.unrecorded", {
      submission_id: id,
      source: source.name,
      code: "store_unavailable",
    });
    return { kind: "wait", delayS: secondsUntil(leaseUntil, Date.now()) };
  }
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
}

/** Messages of one batch delivered at once: Close calls of different submissions overlap, while
 * the shared pacer keeps all of them within Close's rate limit. */
export const CONSUMER_CONCURRENCY = 8;

/**
 * Replaces a message by a new one that comes `delayS` later: a wait the bridge chose is not a
 * failed delivery, so it must not use up the queue's own retries (which only count consumers
 * that die on a message).
 */
async function sendLater(
  env: Env,
  message: Message<unknown>,
  body: SubmissionMessage,
  delayS: number,
) {
  try {
    await env.SUBMISSIONS.send(body, { delaySeconds: delayS });
    message.ack();
  } catch {
    message.retry({ delaySeconds: delayS });
  }
}

/** The `queue()` handler for the submissions queue. */
export async function consumeSubmissions(batch: MessageBatch<unknown>, env: Env): Promise<void> {
  const result = loadConfig(env);
  const config = result.config;
  if (!config || config.problems.length > 0) {
    // Nothing can be delivered (no CLOSE_API_KEY, unreadable [vars]). The submissions stay as
    // the log has them (queued, or retrying): the scheduled sweep sends them again, and once the
    // configuration is fixed they are delivered. Retrying the messages instead would use up the
    // queue's retries and end in the dead-letter queue. A broken source alone stops only its own
    // submissions (attemptDelivery releases them).
    logEvent("error", "delivery.config_invalid", {
      problems: result.ok ? [] : result.problems,
      messages: batch.messages.length,
    });
    for (const message of batch.messages) message.ack();
    return;
  }
  const waiting = [...batch.messages];
  let pausedForS: number | undefined;

  const settle = async (message: Message<unknown>, body: SubmissionMessage, attempt: Attempt) => {
    switch (attempt.kind) {
      case "done":
        message.ack();
        break;
      case "later":
        await sendLater(env, message, { id: body.id, turn: attempt.turn }, attempt.delayS);
        break;
      case "rate_limited":
        pausedForS = Math.max(pausedForS ?? 0, attempt.delayS);
        await sendLater(env, message, { id: body.id, turn: attempt.turn }, attempt.delayS);
        break;
      case "wait":
        message.retry({ delaySeconds: attempt.delayS });
        break;
      case "dead":
        await env.DEAD_LETTERS.send({ id: body.id, turn: attempt.turn });
        message.ack();
        break;
    }
  };

  const work = async () => {
    for (let message = waiting.shift(); message; message = waiting.shift()) {
      const parsed = SubmissionMessage.safeParse(message.body);
      if (!parsed.success) {
        logEvent("error", "delivery.bad_message", { message_id: message.id });
        message.ack();
        continue;
      }
      if (pausedForS !== undefined) {
        // Close's rate limit is used up: the rest of the batch waits for the window to reset.
        await sendLater(env, message, parsed.data, pausedForS);
        continue;
      }
      await settle(message, parsed.data, await attemptDelivery(env, config, parsed.data));
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONSUMER_CONCURRENCY, waiting.length) }, work));
}

/**
 * The `queue()` handler for the dead-letter queue: the queue gave up on these messages (a
 * consumer that kept dying on one). It marks the submission dead only when the message was its
 * current turn, nobody holds it and it is not finished: an older duplicate giving up says nothing
 * about the attempt still to come.
 */
export async function consumeDeadLetters(batch: MessageBatch<unknown>, env: Env): Promise<void> {
  for (const message of batch.messages) {
    const parsed = SubmissionMessage.safeParse(message.body);
    if (!parsed.success) {
      message.ack();
      continue;
    }
    const { id, turn } = parsed.data;
    const now = Date.now();
    // One statement, so that no delivery can start or reschedule in between.
    const failure = { code: "queue_retries_exhausted", message: "the queue stopped retrying" };
    const abandoned =
      turn === undefined ? undefined : await abandonSubmission(env.DB, id, turn, failure, now);
    if (abandoned) {
      await observeDeliveryFailure(env, {
        source: abandoned.source,
        submissionId: id,
        error: failure,
        dead: true,
      });
    }
    const submission = abandoned ?? (await loadSubmission(env.DB, id));
    const heldForS = abandoned ? undefined : leaseLeftS(submission, now);
    if (heldForS !== undefined && submission?.turn === turn) {
      // A delivery holds it (or held it and died): decide when its lease ends.
      message.retry({ delaySeconds: heldForS });
      continue;
    }
    logEvent(abandoned ? "error" : "info", "submission.dead_letter", {
      submission_id: id,
      source: submission?.source,
      status: submission?.status,
      last_error_code: submission?.last_error_code,
      marked_dead: abandoned !== undefined,
    });
    message.ack();
  }
}
