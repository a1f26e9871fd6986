// POST /v1/hooks/:source/preview: a dry run. It shows what the source made of a submission
// (the answers, the draft) and, for the admin, the exact Close requests ingest would send: the
// read-only searches are run for real, the writes are only listed. Nothing is stored. With
// `?close=0`, or with the source's own credentials, it stops at the draft and calls Close not at
// all: what Close holds about a person is for the admin, never for a sender.
import type { Context, Hono } from "hono";
import type { AppEnv } from "../app-env.ts";
import { verifyBearerToken } from "../authenticate/admin-token.ts";
import {
  type CloseClient,
  type CloseRequest,
  type CloseTransport,
  createCloseClient,
  createHttpTransport,
} from "../close/client.ts";
import { readSecret, requireConfig, type Source } from "../config/load.ts";
import { reviewCustomFields } from "../deliver/custom-fields.ts";
import { upsertSubmission } from "../deliver/upsert.ts";
import { BridgeError, toBridgeError } from "../errors.ts";
import { newSubmissionId } from "../ids.ts";
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

const PREVIEW_IDS = { contact: "cont_preview", lead: "lead_preview", note: "acti_preview" };

function isReadOnly(request: CloseRequest): boolean {
  return (
    request.method === "GET" || (request.method === "POST" && request.path === "/data/search/")
  );
}

/** What Close would answer to a write, enough for the upsert to go on. */
function pretendWrite(request: CloseRequest): unknown {
  const body = (request.body ?? {}) as Record<string, unknown>;
  const leadId = typeof body.lead_id === "string" ? body.lead_id : PREVIEW_IDS.lead;
  if (request.path === "/lead/") {
    return {
      id: PREVIEW_IDS.lead,
      contacts: [{ id: PREVIEW_IDS.contact, lead_id: PREVIEW_IDS.lead }],
    };
  }
  if (request.path === "/activity/note/") return { id: PREVIEW_IDS.note, lead_id: leadId };
  const pathId = /\/(cont_[A-Za-z0-9]+|lead_[A-Za-z0-9]+)\/$/.exec(request.path)?.[1];
  return { id: pathId ?? PREVIEW_IDS.contact, lead_id: leadId };
}

/** A transport that runs reads against Close and records every request. */
function recordingTransport(real: CloseTransport, log: CloseRequest[]): CloseTransport {
  return async (request) => {
    log.push(request);
    if (isReadOnly(request)) return real(request);
    return { status: 200, headers: new Headers(), body: pretendWrite(request) };
  };
}

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
  const config = requireConfig(c.env);
  const requests: CloseRequest[] = [];
  const real = createHttpTransport({
    baseUrl: config.CLOSE_API_BASE,
    apiKey: readSecret(c.env, "CLOSE_API_KEY"),
    timeoutMs: config.CLOSE_TIMEOUT_MS,
  });
  const close: CloseClient = createCloseClient(recordingTransport(real, requests));
  const outcome = await upsertSubmission(
    close,
    prepared.draft,
    {
      submissionId: newSubmissionId(),
      name: source.name,
      on_duplicate: source.on_duplicate,
      lead: source.lead,
      invalid_phone: source.invalid_phone,
      receivedAt: Date.now(),
      resumed: false,
    },
    {},
    async () => {},
  );
  findings.push(...(await reviewCustomFields(close, prepared.draft)));
  return c.json({
    source: source.name,
    status: outcome.outcome,
    event_id: prepared.eventId ?? null,
    record,
    draft: prepared.draft,
    findings,
    close_requests: requests.map((r) => ({
      method: r.method,
      path: r.path,
      ...(r.body === undefined ? {} : { body: r.body }),
      sent: isReadOnly(r),
    })),
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
