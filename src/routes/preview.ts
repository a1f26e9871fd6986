// POST /v1/hooks/:source/preview: a dry run. It shows what the source made of a submission
// (the answers, the draft) and, for the admin, the exact Close requests ingest would send: the
// read-only searches are run for real, the writes are only listed. Nothing is stored. With
// `?close=0`, or with the source's own credentials, it stops at the draft and calls Close not at
// all: what Close holds about a person is for the admin, never for a sender.
import type { Context, Hono } from "hono";
import type { AppEnv } from "../app-env.ts";
import { verifyBearerToken } from "../authenticate/admin-token.ts";
import { readSecret, requireConfig, type Source } from "../config/load.ts";
import { dryRunDelivery } from "../deliver/dry-run.ts";
import { BridgeError, toBridgeError } from "../errors.ts";
import { logEvent } from "../log.ts";
import type { MappingFinding } from "../map/review.ts";
import type { Payload } from "../parse/body.ts";
import {
  isHoneypotFilled,
  type PreparedSubmission,
  parseSubmission,
  prepareFromPayload,
  type RawSubmission,
} from "../pipeline.ts";
import { authenticateSender } from "../receive/protect.ts";
import { limitBody, readRawSubmission, resolveSource, sourceCors } from "../receive/source.ts";

/**
 * Who may see what: the admin token sees the Close requests (and so what Close holds about the
 * person); the source's own credentials, which a sender holds (for Jotform and Fillout, a token
 * in a URL), see only what the source makes of the body. A public source needs the admin token.
 * Answers whether Close may be asked.
 */
async function authorizePreview(
  c: Context<AppEnv>,
  source: Source,
  raw: RawSubmission,
): Promise<{ close: boolean }> {
  const adminToken = readSecret(c.env, "ADMIN_TOKEN");
  if (await verifyBearerToken(c.req.header("authorization") ?? null, adminToken)) {
    return { close: true };
  }
  if (source.auth.type === "none") {
    logEvent("warn", "preview.refused", { request_id: c.get("requestId"), source: source.name });
    throw new BridgeError("unauthorized", "The preview of a public source needs the admin token.");
  }
  await authenticateSender(c, source, raw);
  return { close: false };
}

/**
 * Stages 4 to 6 with their findings. A submission that cannot become a contact is still a 422,
 * whose details then also name the paths that matched nothing and what went into the note:
 * usually the reason it has no email or phone.
 */
function prepareWithFindings(
  payload: Payload,
  source: Source,
  headers: Headers,
  findings: MappingFinding[],
): PreparedSubmission {
  try {
    return prepareFromPayload(payload, source, headers, { findings });
  } catch (thrown) {
    const error = toBridgeError(thrown);
    if (error.code !== "unmappable" || findings.length === 0) throw error;
    throw new BridgeError(error.code, error.message, {
      details: [
        ...(error.details ?? []),
        ...findings.map(({ field, problem }) => ({ field, problem })),
      ],
    });
  }
}

async function preview(c: Context<AppEnv>): Promise<Response> {
  const source = c.get("source");
  const raw = await readRawSubmission(c);
  const allowed = await authorizePreview(c, source, raw);
  const payload = await parseSubmission(raw, source);
  if (isHoneypotFilled(payload, source)) {
    return c.json({ source: source.name, status: "spam", reason: "the honeypot field is filled" });
  }
  const findings: MappingFinding[] = [];
  const prepared = prepareWithFindings(payload, source, raw.headers, findings);
  const record = { answers: prepared.extraction.answers };
  if (prepared.kind === "ignored") {
    return c.json({
      source: source.name,
      status: "ignored",
      event: prepared.eventType ?? null,
      record,
    });
  }
  if (c.req.query("close") === "0" || !allowed.close) {
    // Only what the source makes of the body: no Close request at all, not even a search.
    return c.json({
      source: source.name,
      status: "mapped",
      event_id: prepared.eventId ?? null,
      record,
      draft: prepared.draft,
      findings,
    });
  }
  const dryRun = await dryRunDelivery(c.env, requireConfig(c.env), source, prepared.draft);
  findings.push(...dryRun.findings);
  return c.json({
    source: source.name,
    status: dryRun.outcome,
    event_id: prepared.eventId ?? null,
    record,
    draft: prepared.draft,
    findings,
    close_requests: dryRun.requests,
  });
}

/** Registers `POST /v1/hooks/:source/preview`. */
export function registerPreviewRoute(app: Hono<AppEnv>) {
  app.post(
    "/v1/hooks/:source/preview",
    resolveSource,
    async (c, next) => {
      // The preview is an API for people and tools, never a browser form: errors stay JSON.
      c.set("errorRedirect", undefined);
      await next();
    },
    sourceCors,
    limitBody,
    preview,
  );
}
