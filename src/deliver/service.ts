// The one delivery service (stage 8): takes a recorded submission to Close (the upsert, with
// quick retries), records what became of it in the log, and applies the one failure policy
// (`failure.ts`). Sync mode runs it in the request, the queue consumer per message, and the
// preview runs its upsert against a recording client; none of them decides an outcome itself.
import type { BridgeConfig, Source } from "../config/load.ts";
import { BridgeError } from "../errors.ts";
import {
  observeDeliveryFailure,
  observeDeliverySuccess,
  refusedFieldsOf,
} from "../incidents/observe.ts";
import { logEvent } from "../log.ts";
import { companyLeadsFor } from "../store/company-leads.ts";
import { ownerTurnsOf } from "../store/routing.ts";
import {
  type DeliveryError,
  finishDelivery,
  LEASE_MS,
  markDead,
  progressOf,
  releaseSubmission,
  type Submission,
  saveProgress,
  scheduleRetry,
  type UpsertProgress,
  writeReliably,
} from "../store/submissions.ts";
import type { ContactDraft } from "../validate/draft.ts";
import { deliverNow, SYNC_RETRY } from "./attempt.ts";
import { type AttemptLog, startAttemptLog } from "./attempt-log.ts";
import { connectClose } from "./connect.ts";
import { decideFailure, describeFailure, senderErrorOf } from "./failure.ts";
import { type OwnerTurns, planRouting } from "./routing.ts";
import { mayHaveWritten, type UpsertOptions } from "./upsert.ts";

/** The longest the consumer waits inline for a rate-limit window; longer waits go back to the queue. */
export const CONSUMER_MAX_WAIT_MS = 3_000;

/** What became of a delivery. */
export type Delivery =
  /** Close has it and the log says so. */
  | { kind: "delivered"; done: UpsertProgress }
  /** Close has it, the log does not say so: the row keeps its lease until `leaseUntil`. */
  | { kind: "unrecorded"; done: UpsertProgress; leaseUntil: number }
  /** Dead: replayable from the admin API; `answer` is what a sender in sync mode is told. */
  | { kind: "dead"; failure: DeliveryError; answer: BridgeError; turn: number }
  /**
   * It comes back in `delayS` under `turn` (undefined: nothing to send, the submission moved
   * on). In sync mode the reminder is already on the queue; in queue mode the caller sends it.
   */
  | { kind: "later"; delayS: number; turn: number | undefined; pause: boolean }
  /** Left waiting, untried: its source is not configured (the sweep sends it again). */
  | { kind: "released" };

/** Where a delivery runs: in the sender's request (sync mode) or in the queue consumer. */
export type DeliveryMode = "sync" | "queue";

/**
 * Takes work that must not hold a delivery up (incident bookkeeping): a request hands it to
 * `waitUntil`, the queue consumer runs it once the message is settled. The work never throws.
 */
export type Defer = (work: () => Promise<unknown>) => void;

/** What a delivery's caller gives it besides the submission. */
export type DeliveryContext = { log?: Record<string, unknown>; defer: Defer };

/**
 * The upsert's options for a submission of `source`, the same for every caller; `turns` are the
 * owner rotation's (the log's for a delivery, the next one's without taking it for the preview).
 */
export function upsertOptionsOf(
  source: Source,
  submission: Pick<Submission, "id" | "received_at">,
  resumed: boolean,
  turns: OwnerTurns,
): UpsertOptions {
  const routing = planRouting(source.routing, turns);
  return {
    submissionId: submission.id,
    name: source.name,
    on_duplicate: source.on_duplicate,
    lead: source.lead,
    invalid_phone: source.invalid_phone,
    receivedAt: submission.received_at,
    resumed,
    ...(routing ? { routing } : {}),
  };
}

/** Sends the queue a reminder of a submission (its id and turn), `delayS` from now. */
export async function sendReminder(
  env: Env,
  message: { id: string; turn: number },
  delayS?: number,
): Promise<void> {
  await env.SUBMISSIONS.send(message, delayS ? { delaySeconds: delayS } : undefined);
}

/** Marks a submission dead with `failure`, logged once. */
async function bury(
  env: Env,
  submission: Submission,
  failure: DeliveryError,
  log: Record<string, unknown>,
  defer: Defer,
): Promise<Delivery> {
  await markDead(env.DB, submission.id, failure, Date.now());
  logEvent("error", "delivery.dead", { ...log, ...failure });
  const submissionId = submission.id;
  defer(() =>
    observeDeliveryFailure(env, {
      source: submission.source,
      submissionId,
      error: failure,
      dead: true,
    }),
  );
  const answer = new BridgeError(failure.code, failure.message);
  return { kind: "dead", failure, answer, turn: submission.turn };
}

/**
 * What a delivery needs before Close is called (its source and its draft), or the failure that
 * stops it: every attempt began and none ended, the source is gone, the draft was removed.
 */
function checkDeliverable(
  submission: Submission,
  config: BridgeConfig,
): { ok: true; source: Source; draft: ContactDraft } | { ok: false; failure: DeliveryError } {
  if (submission.attempts > submission.max_retries + 1) {
    // Every attempt the source allows began and none ended (a consumer that dies on it).
    const message = "every attempt stopped before Close answered (the consumer kept stopping)";
    return { ok: false, failure: { code: "delivery_interrupted", message } };
  }
  const source = config.sources.get(submission.source);
  if (!source || config.problems.length > 0) {
    // Its source is gone from the configuration, or broken (a missing secret, a mistake in its
    // table): the submission waits, untried, until the source is back.
    const message = config.broken.has(submission.source)
      ? `the source ${submission.source} has configuration problems`
      : `the source ${submission.source} is not configured`;
    return { ok: false, failure: { code: "config_invalid", message } };
  }
  if (!submission.draft) {
    const message = "the submission's draft was removed";
    return { ok: false, failure: { code: "draft_removed", message } };
  }
  return { ok: true, source, draft: submission.draft };
}

/** Applies the failure policy to a failed attempt and records the decision in the log. */
async function settleFailure(
  env: Env,
  config: BridgeConfig,
  submission: Submission,
  error: unknown,
  mode: DeliveryMode,
  log: Record<string, unknown>,
): Promise<Delivery> {
  const now = Date.now();
  const failure = describeFailure(error);
  const fields = { ...log, ...failure };
  const decision = decideFailure(
    error,
    {
      attempts: submission.attempts,
      maxRetries: submission.max_retries,
      inRequest: mode === "sync",
    },
    config,
  );
  if (decision.action === "dead") {
    await markDead(env.DB, submission.id, failure, now);
    logEvent("error", mode === "sync" ? "submission.sync_failed" : "delivery.dead", {
      ...fields,
      reason: decision.reason === "not_retryable" ? failure.code : decision.reason,
    });
    return { kind: "dead", failure, answer: senderErrorOf(error), turn: submission.turn };
  }
  const postponed = decision.action === "postpone";
  const at = now + decision.delayS * 1000;
  if (mode === "sync")
    return handOver(env, submission, failure, at, decision.delayS, postponed, fields);
  const turn = await scheduleRetry(env.DB, submission.id, at, failure, now, postponed);
  if (postponed) {
    logEvent(decision.level, decision.event, { ...fields, delay_s: decision.delayS });
  } else if (failure.code === "close_auth_failed") {
    logEvent("error", "delivery.close_auth_failed", {
      ...fields,
      action:
        "Close refused CLOSE_API_KEY: set a valid key with `wrangler secret put CLOSE_API_KEY`",
    });
  } else {
    logEvent(failure.code.startsWith("close_") ? "warn" : "error", "delivery.retry", {
      ...fields,
      delay_s: decision.delayS,
      may_have_written: mayHaveWritten(error),
    });
  }
  if (turn === undefined) return { kind: "later", delayS: decision.delayS, turn, pause: false };
  return { kind: "later", delayS: decision.delayS, turn, pause: postponed && decision.pause };
}

/**
 * Sync mode's way back: the submission is handed to the queue, which delivers it when Close is
 * back. A write whose answer was lost is never sent again in the request: the queue resumes it
 * once Close's search has settled.
 */
async function handOver(
  env: Env,
  submission: Submission,
  failure: DeliveryError,
  at: number,
  delayS: number,
  postponed: boolean,
  fields: Record<string, unknown>,
): Promise<Delivery> {
  let turn: number | undefined;
  try {
    turn = await writeReliably(() =>
      scheduleRetry(env.DB, submission.id, at, failure, Date.now(), postponed),
    );
    if (turn !== undefined) {
      await sendReminder(env, { id: submission.id, turn }, delayS);
    }
  } catch (handOverError) {
    // The row keeps the lease ingest gave it: when that ends, the scheduled sweep sends it to
    // the queue. Late, never lost.
    logEvent("error", "submission.hand_over_failed", {
      ...fields,
      error: handOverError instanceof Error ? handOverError.name : "unknown",
    });
  }
  logEvent("warn", "submission.handed_to_queue", { ...fields, delay_s: delayS });
  return { kind: "later", delayS, turn, pause: false };
}

/** Records a failed attempt in the log's history, with what the failure policy decided. */
async function recordFailedAttempt(
  env: Env,
  attempt: AttemptLog,
  delivery: Delivery,
  error: unknown,
): Promise<void> {
  const result =
    delivery.kind === "dead"
      ? "dead"
      : delivery.kind === "later" && delivery.pause
        ? "rate_limited"
        : "retry";
  await attempt.fail(env.DB, result, describeFailure(error), error);
}

/** The fields Close refused on the submission's last attempt, when it refused them. */
function refusedBefore(submission: Submission): string | undefined {
  if (submission.last_error_code !== "close_rejected") return undefined;
  return refusedFieldsOf((submission.last_error_details ?? []).map((detail) => detail.field));
}

/**
 * Delivers a recorded submission (its delivery already started: `startDelivery`, or recorded as
 * `delivering` in sync mode) and records the outcome. Throws only when the log cannot record a
 * failure (the queue then retries the message; the lease keeps others off meanwhile). What the
 * outcome says about the bridge (incidents) goes to `defer`, off the delivery's path.
 */
export async function deliverSubmission(
  env: Env,
  config: BridgeConfig,
  submission: Submission,
  mode: DeliveryMode,
  { log = {}, defer }: DeliveryContext,
): Promise<Delivery> {
  const id = submission.id;
  const fields = {
    ...log,
    submission_id: id,
    source: submission.source,
    attempt: submission.attempts,
  };
  const attempt = startAttemptLog(submission, mode, Date.now());
  const deliverable = checkDeliverable(submission, config);
  if (!deliverable.ok) {
    const { failure } = deliverable;
    if (failure.code !== "config_invalid") {
      await attempt.fail(env.DB, "dead", failure, undefined);
      return bury(env, submission, failure, fields, defer);
    }
    // Its source is gone from the configuration (or broken): the submission waits, untried,
    // until the source is back; the sweep sends it again.
    await releaseSubmission(env.DB, id, failure, Date.now());
    logEvent("error", "delivery.source_missing", { ...fields, ...failure });
    return { kind: "released" };
  }
  const now = Date.now();
  const maxWaitMs = mode === "sync" ? SYNC_RETRY.maxWaitMs : CONSUMER_MAX_WAIT_MS;
  const { source, draft } = deliverable;
  const leaseUntil =
    submission.lease_until ?? (mode === "sync" ? submission.received_at + LEASE_MS : now);
  let done: UpsertProgress;
  try {
    const close = await connectClose(env, config, maxWaitMs, {
      // Nothing is sent to Close late in a queue delivery's lease: whoever takes over when it
      // ends finds every write this delivery made, answered or not, in Close's search.
      ...(mode === "queue"
        ? { deadline: leaseUntil - config.SEARCH_SETTLE_S * 1000 - config.CLOSE_TIMEOUT_MS }
        : {}),
      observe: attempt.observe,
    });
    done = await deliverNow(
      close,
      draft,
      {
        // A later attempt, or a replay of one that failed, may find its own earlier writes.
        ...upsertOptionsOf(
          source,
          submission,
          mode === "queue" && (submission.attempts > 1 || submission.last_error_code !== null),
          ownerTurnsOf(env.DB, id),
        ),
        companies: companyLeadsFor(env.DB, {
          holder: id,
          holdUntil: leaseUntil,
          settleMs: config.SEARCH_SETTLE_S * 1000,
          maxWaitMs,
        }),
      },
      (progress) => writeReliably(() => saveProgress(env.DB, id, progress, Date.now())),
      progressOf(submission),
    );
  } catch (error) {
    const delivery = await settleFailure(env, config, submission, error, mode, fields);
    await recordFailedAttempt(env, attempt, delivery, error);
    // What the failure says about the bridge (a refused key or field, a dead submission).
    const dead = delivery.kind === "dead";
    defer(() =>
      observeDeliveryFailure(env, { source: source.name, submissionId: id, error, dead }),
    );
    return delivery;
  }
  try {
    await writeReliably(() => finishDelivery(env.DB, id, done, Date.now()));
  } catch {
    // Close has everything; only the log does not say so. The submission keeps its lease, and
    // whoever takes it over when the lease ends (the queue, or the sweep for a sync delivery)
    // finds Close's records and sends nothing again.
    logEvent("error", "delivery.unrecorded", { ...fields, code: "store_unavailable" });
    return { kind: "unrecorded", done, leaseUntil };
  }
  await attempt.succeed(env.DB, done);
  const refused = refusedBefore(submission);
  const taken = attempt.taken();
  defer(() =>
    observeDeliverySuccess(env, {
      source: source.name,
      submissionId: id,
      taken,
      ...(refused === undefined ? {} : { refusedBefore: refused }),
    }),
  );
  logEvent("info", "submission.delivered", {
    ...fields,
    mode,
    outcome: done.outcome,
    contact_id: done.contact_id,
    lead_id: done.lead_id,
    note_id: done.note_id,
  });
  return { kind: "delivered", done };
}
