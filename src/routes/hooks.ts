// POST /v1/hooks/:source: where senders deliver submissions. The request runs stages 1 to 6
// and then delivers: in sync mode the upsert runs here and the answer carries the Close ids.
import type { Context, Hono } from "hono";
import type { AppEnv } from "../app-env.ts";
import { requireConfig } from "../config/load.ts";
import { connectClose } from "../deliver/connect.ts";
import { deliverNow, SYNC_RETRY } from "../deliver/sync.ts";
import { newSubmissionId } from "../ids.ts";
import { logEvent } from "../log.ts";
import { prepareSubmission, type RawSubmission } from "../pipeline.ts";
import { isBrowserFormPost, limitBody, resolveSource, sourceCors } from "../receive/source.ts";

/** Reads the request as the pure stages take it. */
export async function readRawSubmission(c: Context<AppEnv>): Promise<RawSubmission> {
  return {
    bytes: new Uint8Array(await c.req.arrayBuffer()),
    contentType: c.req.header("content-type") ?? null,
    search: new URL(c.req.url).search,
    headers: c.req.raw.headers,
  };
}

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

async function ingest(c: Context<AppEnv>): Promise<Response> {
  const source = c.get("source");
  const requestId = c.get("requestId");
  const raw = await readRawSubmission(c);
  const prepared = await prepareSubmission(raw, source);
  if (prepared.kind === "ignored") {
    logEvent("info", "submission.ignored", {
      request_id: requestId,
      source: source.name,
      event_type: prepared.eventType,
    });
    return c.json({ status: "ignored", event: prepared.eventType ?? null }, 200);
  }
  const id = newSubmissionId();
  const config = requireConfig(c.env);
  const close = connectClose(c.env, config, SYNC_RETRY.maxWaitMs);
  const done = await deliverNow(close, prepared.draft, {
    submissionId: id,
    name: source.name,
    on_duplicate: source.on_duplicate,
    lead: source.lead,
    receivedAt: Date.now(),
  });
  logEvent("info", "submission.delivered", {
    request_id: requestId,
    submission_id: id,
    source: source.name,
    mode: "sync",
    outcome: done.outcome,
    contact_id: done.contact_id,
    lead_id: done.lead_id,
    note_id: done.note_id,
  });
  return answerSender(
    c,
    { id, status: done.outcome, contact_id: done.contact_id, lead_id: done.lead_id },
    done.outcome === "created" ? 201 : 200,
  );
}

/** Registers the ingest routes and their CORS preflight. */
export function registerHookRoutes(app: Hono<AppEnv>) {
  app.options("/v1/hooks/:source", resolveSource, sourceCors);
  app.post("/v1/hooks/:source", resolveSource, sourceCors, limitBody, ingest);
}
