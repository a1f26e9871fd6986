// Stage 8 in queue mode: the consumer of the submissions queue. It delivers each submission
// with the same upsert as sync mode, saving progress to the log after every Close answer, paces
// itself by Close's rate limits, retries transient failures with backoff (after a write whose
// answer was lost, no sooner than Close's search shows it), and marks dead what cannot be
// delivered. The log is the truth; a queue message only reminds the consumer of a submission.
import { type BridgeConfig, loadConfig } from "../config/load.ts";
import { observeDeliveryFailure } from "../incidents/observe.ts";
import { logEvent } from "../log.ts";
import {
  abandonSubmission,
  loadSubmission,
  type Submission,
  startDelivery,
} from "../store/submissions.ts";
import * as z from "../zod.ts";
import { MAX_DELAY_S } from "./backoff.ts";
import { type Defer, deliverSubmission } from "./service.ts";

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
export const SubmissionMessage = z.deferred(() =>
  z.object({
    id: z.string().check(z.minLength(1), z.maxLength(100)),
    turn: z.optional(z.number().check(z.int(), z.minimum(0))),
  }),
);
export type SubmissionMessage = z.infer<typeof SubmissionMessage>;

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

/** One delivery attempt of one submission, through the delivery service. */
async function attemptDelivery(
  env: Env,
  config: BridgeConfig,
  message: SubmissionMessage,
  defer: Defer,
): Promise<Attempt> {
  const now = Date.now();
  const submission = await startDelivery(env.DB, message.id, now, config.DELIVERY_LEASE_S * 1000);
  if (!submission) return passOver(message, await loadSubmission(env.DB, message.id), now);
  const delivery = await deliverSubmission(env, config, submission, "queue", { defer });
  switch (delivery.kind) {
    case "delivered":
    case "released":
      return { kind: "done" };
    case "unrecorded":
      return { kind: "wait", delayS: secondsUntil(delivery.leaseUntil, Date.now()) };
    case "dead":
      return { kind: "dead", turn: delivery.turn };
    case "later":
      if (delivery.turn === undefined) return { kind: "done" };
      return {
        kind: delivery.pause ? "rate_limited" : "later",
        delayS: delivery.delayS,
        turn: delivery.turn,
      };
  }
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
  // Incident bookkeeping of each delivery, started once its message is settled.
  const bookkeeping: Promise<unknown>[] = [];

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
      const deferred: (() => Promise<unknown>)[] = [];
      const attempt = await attemptDelivery(env, config, parsed.data, (later) =>
        deferred.push(later),
      );
      await settle(message, parsed.data, attempt);
      for (const later of deferred) bookkeeping.push(later());
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONSUMER_CONCURRENCY, waiting.length) }, work));
  await Promise.all(bookkeeping);
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
    const failure = {
      code: "delivery_interrupted",
      message: "the queue stopped retrying",
    } as const;
    const abandoned =
      turn === undefined ? undefined : await abandonSubmission(env.DB, id, turn, failure, now);
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
    if (abandoned) {
      // The message is settled: what its death says about the bridge is recorded now.
      await observeDeliveryFailure(env, {
        source: abandoned.source,
        submissionId: id,
        error: failure,
        dead: true,
      });
    }
  }
}
