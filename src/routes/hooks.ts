// POST /v1/hooks/:source: where senders deliver submissions. The request runs stages 1 to 6,
// records the submission (stage 7), then delivers (stage 8): in queue mode it goes onto the
// queue and the sender gets 202 at once; in sync mode the upsert runs here.
import type { Context, Hono } from "hono";
import type { AppEnv } from "../app-env.ts";
import { CloseError } from "../close/client.ts";
import { type BridgeConfig, requireConfig, type Source } from "../config/load.ts";
import { connectClose } from "../deliver/connect.ts";
import {
  describeFailure,
  nextAttemptDelayS,
  postponement,
  type SubmissionMessage,
} from "../deliver/queue.ts";
import { deliverNow, SYNC_RETRY, toSenderError } from "../deliver/sync.ts";
import { decoyCloseId, newSubmissionId } from "../ids.ts";
import { observeDeliveryFailure, observeDeliverySuccess } from "../incidents/observe.ts";
import { logEvent } from "../log.ts";
import {
  isHoneypotFilled,
  keepInputOf,
  type PreparedSubmission,
  parseSubmission,
  prepareFromPayload,
} from "../pipeline.ts";
import { dedupeOf } from "../receive/dedupe.ts";
import {
  authenticateSender,
  checkSourceOrigin,
  checkTurnstile,
  limitRate,
} from "../receive/protect.ts";
import {
  isBrowserFormPost,
  limitBody,
  readRawSubmission,
  resolveSource,
  sourceCors,
} from "../receive/source.ts";
import { companyLeadsFor } from "../store/company-leads.ts";
import {
  finishDelivery,
  LEASE_MS,
  markDead,
  recordSubmission,
  type Submission,
  saveProgress,
  scheduleRetry,
  type UpsertProgress,
  writeReliably,
} from "../store/submissions.ts";

/** Answers the sender: the source's thank-you page for a browser form, JSON otherwise. */
export function answerSender(
  c: Context<AppEnv>,
  body: Record<string, unknown>,
  status: 200 | 201 | 202,
): Response {
  const redirect = c.get("source").redirect;
  if (redirect && isBrowserFormPost(c.req.raw)) return c.redirect(redirect, 303);
  return c.json(body, status);
}

/**
 * The answer to a submission recorded in queue mode. It says nothing of how long the work took
 * (no `Server-Timing`): a honeypot's answer, which does no work, must not differ from it.
 */
function answerQueued(c: Context<AppEnv>, id: string): Response {
  return answerSender(c, { id, status: "queued" }, 202);
}

/** The answer to a submission delivered in the request (sync mode), with its Close ids. */
function answerDelivered(
  c: Context<AppEnv>,
  id: string,
  done: Pick<UpsertProgress, "outcome" | "contact_id" | "lead_id">,
): Response {
  return answerSender(
    c,
    { id, status: done.outcome, contact_id: done.contact_id, lead_id: done.lead_id },
    done.outcome === "created" ? 201 : 200,
  );
}

/**
 * The answer to a filled honeypot: a new contact's in every part the sender sees (status,
 * headers, body keys, ids shaped like real ones, redirect), though nothing was recorded or sent.
 */
function answerDecoy(c: Context<AppEnv>, source: Source): Response {
  const id = newSubmissionId(Date.now());
  if (source.mode === "queue") return answerQueued(c, id);
  return answerDelivered(c, id, {
    outcome: "created",
    contact_id: decoyCloseId("cont"),
    lead_id: decoyCloseId("lead"),
  });
}

/** What the sender is told about a submission the log already has. */
function describeSubmission(submission: Submission): Record<string, unknown> {
  return {
    id: submission.id,
    status:
      submission.status === "delivered" ? (submission.outcome ?? "delivered") : submission.status,
    ...(submission.contact_id ? { contact_id: submission.contact_id } : {}),
    ...(submission.lead_id ? { lead_id: submission.lead_id } : {}),
  };
}

async function enqueue(env: Env, message: SubmissionMessage, delaySeconds?: number) {
  await env.SUBMISSIONS.send(message, delaySeconds ? { delaySeconds } : undefined);
}

/** Work kept alive after the answer (`waitUntil`), such as the alerts of an incident. */
function afterAnswer(c: Context<AppEnv>) {
  return { defer: (work: Promise<unknown>) => c.executionCtx.waitUntil(work) };
}

/**
 * Sync mode after Close failed: a submission Close refused goes dead (the sender gets 502 with
 * Close's reasons); any other is handed to the queue, which delivers it when Close is back, and
 * the sender gets `202 queued` like a queue-mode source's. It is recorded, so the sender must not
 * send it again: a sender told to retry would make a second submission. A write whose answer
 * was lost is never sent again here: the queue resumes it once Close's search has settled.
 */
async function handOver(
  c: Context<AppEnv>,
  config: BridgeConfig,
  submission: Submission,
  error: unknown,
): Promise<Response> {
  const db = c.env.DB;
  const id = submission.id;
  const now = Date.now();
  const failure = describeFailure(error);
  const log = { request_id: c.get("requestId"), submission_id: id, ...failure };
  const rejected = error instanceof CloseError && error.kind === "rejected";
  // An incident this failure opens is announced after the answer.
  await observeDeliveryFailure(
    c.env,
    { source: submission.source, submissionId: id, error, dead: rejected },
    afterAnswer(c),
  );
  if (rejected) {
    await markDead(db, id, failure, now);
    logEvent("warn", "submission.sync_failed", log);
    throw toSenderError(error);
  }
  const later = postponement(error, config);
  const delayS = later?.delayS ?? nextAttemptDelayS(error, submission.attempts, config);
  try {
    const turn = await writeReliably(() =>
      scheduleRetry(db, id, now + delayS * 1000, failure, now, later !== undefined),
    );
    if (turn !== undefined) await enqueue(c.env, { id, turn }, delayS);
  } catch (handOverError) {
    // The row keeps the lease ingest gave it: when that ends, the scheduled sweep sends it to
    // the queue. Late, never lost.
    logEvent("error", "submission.hand_over_failed", {
      ...log,
      error: handOverError instanceof Error ? handOverError.name : "unknown",
    });
  }
  logEvent("warn", "submission.handed_to_queue", { ...log, delay_s: delayS });
  return answerQueued(c, id);
}

/** Sync mode: the upsert runs in the request; what Close cannot finish now goes to the queue. */
async function deliverInRequest(
  c: Context<AppEnv>,
  config: BridgeConfig,
  source: Source,
  submission: Submission,
  draft: NonNullable<Submission["draft"]>,
): Promise<Response> {
  const db = c.env.DB;
  const id = submission.id;
  let done: UpsertProgress;
  try {
    const close = await connectClose(c.env, config, SYNC_RETRY.maxWaitMs);
    done = await deliverNow(
      close,
      draft,
      {
        submissionId: id,
        name: source.name,
        on_duplicate: source.on_duplicate,
        lead: source.lead,
        invalid_phone: source.invalid_phone,
        receivedAt: submission.received_at,
        resumed: false,
        companies: companyLeadsFor(db, {
          holder: id,
          holdUntil: submission.lease_until ?? submission.received_at + LEASE_MS,
          settleMs: config.SEARCH_SETTLE_S * 1000,
          maxWaitMs: SYNC_RETRY.maxWaitMs,
        }),
      },
      (progress) => writeReliably(() => saveProgress(db, id, progress, Date.now())),
    );
  } catch (error) {
    return handOver(c, config, submission, error);
  }
  try {
    await writeReliably(() => finishDelivery(db, id, done, Date.now()));
  } catch {
    // Close has it all; only the log does not say so. The sender is told what Close did (and so
    // sends nothing again); the row keeps its lease, and when that ends the sweep hands it to
    // the queue, which finds Close's records and writes nothing twice.
    logEvent("error", "delivery.unrecorded", {
      request_id: c.get("requestId"),
      submission_id: id,
      code: "store_unavailable",
    });
  }
  // An incident this delivery resolves is announced after the answer.
  await observeDeliverySuccess(c.env, { source: source.name, submissionId: id }, afterAnswer(c));
  logEvent("info", "submission.delivered", {
    request_id: c.get("requestId"),
    submission_id: id,
    source: source.name,
    mode: "sync",
    outcome: done.outcome,
    contact_id: done.contact_id,
    lead_id: done.lead_id,
    note_id: done.note_id,
  });
  return answerDelivered(c, id, done);
}

async function ingest(c: Context<AppEnv>): Promise<Response> {
  const source = c.get("source");
  const requestId = c.get("requestId");
  const raw = await readRawSubmission(c);
  await authenticateSender(c, source, raw);
  const payload = await parseSubmission(raw, source);
  if (isHoneypotFilled(payload, source)) {
    logEvent("info", "submission.spam", {
      request_id: requestId,
      source: source.name,
      reason: "honeypot",
    });
    return answerDecoy(c, source);
  }
  await checkTurnstile(c, source, payload);
  const prepared: PreparedSubmission = prepareFromPayload(payload, source, raw.headers);
  if (prepared.kind === "ignored") {
    logEvent("info", "submission.ignored", {
      request_id: requestId,
      source: source.name,
      event_type: prepared.eventType,
    });
    return c.json({ status: "ignored", event: prepared.eventType ?? null }, 200);
  }
  const config = requireConfig(c.env, requestId);
  const receivedAt = Date.now();
  const input = keepInputOf(raw, source);
  if (input === undefined) {
    logEvent("info", "submission.input_not_kept", {
      request_id: requestId,
      source: source.name,
      bytes: raw.bytes.length,
    });
  }
  const recorded = await recordSubmission(c.env.DB, {
    id: newSubmissionId(receivedAt),
    source: source.name,
    mode: source.mode,
    receivedAt,
    ...(await dedupeOf(raw.headers, prepared.eventId, source, raw.bytes)),
    maxRetries: source.max_retries,
    draft: prepared.draft,
    input,
    status: source.mode === "sync" ? "delivering" : "queued",
  });
  const { submission } = recorded;
  if (recorded.replayed) {
    logEvent("info", "submission.replayed", {
      request_id: requestId,
      submission_id: submission.id,
      source: source.name,
      status: submission.status,
    });
    c.header("Idempotent-Replayed", "true");
    return answerSender(c, describeSubmission(submission), 200);
  }
  // A redelivery of a dead submission is a new attempt of it, with what was just sent.
  logEvent("info", recorded.revived ? "submission.revived" : "submission.accepted", {
    request_id: requestId,
    submission_id: submission.id,
    source: source.name,
    mode: source.mode,
  });
  if (source.mode === "sync") {
    return deliverInRequest(c, config, source, submission, prepared.draft);
  }
  // The submission is durable once recorded: the sender is answered now, and the queue send
  // finishes in the background. Should it fail, the row stays `queued` and the scheduled sweep
  // sends it again, so it is late at worst, never lost.
  c.executionCtx.waitUntil(
    enqueue(c.env, { id: submission.id, turn: submission.turn }).catch((error: unknown) => {
      logEvent("error", "submission.enqueue_failed", {
        request_id: requestId,
        submission_id: submission.id,
        error: error instanceof Error ? error.message : String(error),
      });
    }),
  );
  return answerQueued(c, submission.id);
}

/** Registers the ingest routes and their CORS preflight. */
export function registerHookRoutes(app: Hono<AppEnv>) {
  app.options("/v1/hooks/:source", resolveSource, sourceCors);
  app.post(
    "/v1/hooks/:source",
    resolveSource,
    sourceCors,
    limitRate,
    checkSourceOrigin,
    limitBody,
    ingest,
  );
}
