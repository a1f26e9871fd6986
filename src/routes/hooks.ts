// POST /v1/hooks/:source: where senders deliver submissions. The request runs stages 1 to 6,
// records the submission (stage 7), then hands it to delivery (stage 8): in queue mode it goes
// onto the queue and the sender gets 202 at once; in sync mode the delivery service runs in the
// request and this route only turns what it reports into the answer.
import type { Context, Hono } from "hono";
import type { AppEnv } from "../app-env.ts";
import { requireConfig, type Source } from "../config/load.ts";
import { deliverSubmission, sendReminder } from "../deliver/service.ts";
import { BridgeError } from "../errors.ts";
import { decoyCloseId, newSubmissionId } from "../ids.ts";
import { announceQueuedAlerts } from "../incidents/observe.ts";
import { logEvent } from "../log.ts";
import { loadPhoneMetadata } from "../phone-metadata.ts";
import {
  isHoneypotFilled,
  keepInputOf,
  type PreparedSubmission,
  parseSubmission,
  personAnswers,
  prepareFromPayload,
  type RawSubmission,
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
import { serializeAnswers } from "../store/answers.ts";
import { hashDraftEmails } from "../store/email-hash.ts";
import { recordSubmission, type Submission, type UpsertProgress } from "../store/submissions.ts";
import { countUnrecordedPost } from "../store/unrecorded.ts";

/** Answers the sender: the source's thank-you page for a browser form, JSON otherwise. */
function answerSender(
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

/**
 * Sync mode: the delivery service runs in the request. A submission Close refused is dead (the
 * sender gets Close's reasons); anything Close cannot finish now was handed to the queue, and
 * the sender gets `202 queued` like a queue-mode source's: it is recorded, so a sender told to
 * retry would make a second submission.
 */
async function deliverInRequest(c: Context<AppEnv>, submission: Submission): Promise<Response> {
  const config = requireConfig(c.env);
  const log = { request_id: c.get("requestId") };
  // What the delivery says about the bridge is recorded after the answer, and an incident it
  // opened or resolved is announced then.
  const defer = (work: () => Promise<unknown>) =>
    c.executionCtx.waitUntil(work().then(() => announceQueuedAlerts(c.env)));
  const delivery = await deliverSubmission(c.env, config, submission, "sync", { log, defer });
  switch (delivery.kind) {
    case "delivered":
    case "unrecorded":
      // Unrecorded: Close has it all, only the log does not say so. The sender is told what
      // Close did (and so sends nothing again); the sweep hands the row to the queue later.
      return answerDelivered(c, submission.id, delivery.done);
    case "dead":
      throw delivery.answer;
    case "later":
    case "released":
      return answerQueued(c, submission.id);
  }
}

/**
 * Counts a post answered without a record, in the background. Only after the sender passed the
 * source's authentication: anyone else's posts must not cost a write to the log.
 */
function countUnrecorded(c: Context<AppEnv>, outcome: string, status: number) {
  const post = { source: c.get("source").name, outcome, status, at: Date.now() };
  c.executionCtx.waitUntil(
    countUnrecordedPost(c.env.DB, post).catch((error: unknown) => {
      logEvent("error", "submission.count_failed", {
        request_id: c.get("requestId"),
        error: error instanceof Error ? error.message : String(error),
      });
    }),
  );
}

/**
 * Stages 3 to 6 of an authenticated post: the contact to record, or the answer of a post that
 * records nothing (a honeypot hit, an ignored event), counted like a refusal is.
 */
async function prepareOrAnswer(
  c: Context<AppEnv>,
  source: Source,
  raw: RawSubmission,
): Promise<Extract<PreparedSubmission, { kind: "contact" }> | Response> {
  const requestId = c.get("requestId");
  try {
    const payload = await parseSubmission(raw, source);
    if (isHoneypotFilled(payload, source)) {
      logEvent("info", "submission.spam", {
        request_id: requestId,
        source: source.name,
        reason: "honeypot",
      });
      countUnrecorded(c, "spam", source.mode === "queue" ? 202 : 201);
      return answerDecoy(c, source);
    }
    // Before Turnstile: its token is single-use, so a sender told to send again (503) after it
    // was spent could not pass it a second time.
    await loadPhoneMetadata(c.env);
    await checkTurnstile(c, source, payload);
    const prepared: PreparedSubmission = prepareFromPayload(payload, source, raw.headers);
    if (prepared.kind === "ignored") {
      logEvent("info", "submission.ignored", {
        request_id: requestId,
        source: source.name,
        event_type: prepared.eventType,
      });
      countUnrecorded(c, "ignored", 200);
      return c.json({ status: "ignored", event: prepared.eventType ?? null }, 200);
    }
    return prepared;
  } catch (error) {
    if (error instanceof BridgeError && error.status >= 400 && error.status < 500) {
      countUnrecorded(c, error.code, error.status);
    }
    throw error;
  }
}

async function ingest(c: Context<AppEnv>): Promise<Response> {
  const source = c.get("source");
  const requestId = c.get("requestId");
  const raw = await readRawSubmission(c);
  await authenticateSender(c, source, raw);
  const prepared = await prepareOrAnswer(c, source, raw);
  if (prepared instanceof Response) return prepared;
  requireConfig(c.env, requestId);
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
    emailHashes: await hashDraftEmails(c.env, prepared.draft),
    answers: serializeAnswers(personAnswers(prepared.extraction, source)),
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
    return deliverInRequest(c, submission);
  }
  // The submission is durable once recorded: the sender is answered now, and the queue send
  // finishes in the background. Should it fail, the row stays `queued` and the scheduled sweep
  // sends it again, so it is late at worst, never lost.
  c.executionCtx.waitUntil(
    sendReminder(c.env, { id: submission.id, turn: submission.turn }).catch((error: unknown) => {
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
