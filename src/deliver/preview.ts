// The dry run of a delivery: what a source makes of a submission (the answers, the draft, the
// mapping's findings) and, when Close may be asked, the exact Close requests ingest would send:
// the read-only searches run for real, the writes are only listed. Nothing is stored or written.
// The hook's preview route and the console's Try it panel (the admin API) both run it.
import {
  type CloseClient,
  type CloseRequest,
  type CloseTransport,
  createCloseClient,
  createHttpTransport,
} from "../close/client.ts";
import { readSecret, requireConfig, type Source } from "../config/load.ts";
import { BridgeError, toBridgeError } from "../errors.ts";
import { newSubmissionId } from "../ids.ts";
import type { MappingFinding } from "../map/review.ts";
import type { Payload } from "../parse/body.ts";
import {
  isHoneypotFilled,
  type PreparedSubmission,
  parseSubmission,
  prepareFromPayload,
  type RawSubmission,
} from "../pipeline.ts";
import { reviewCustomFields } from "./custom-fields.ts";
import { upsertSubmission } from "./upsert.ts";

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

/**
 * Runs stages 3 to 6 on `raw` for `source` and, when `options.close` is true, the upsert against
 * a recording transport; answers the preview's JSON body. The caller decides who may ask Close.
 */
export async function previewDelivery(
  env: Env,
  source: Source,
  raw: RawSubmission,
  options: { close: boolean },
): Promise<Record<string, unknown>> {
  const payload = await parseSubmission(raw, source);
  if (isHoneypotFilled(payload, source)) {
    return { source: source.name, status: "spam", reason: "the honeypot field is filled" };
  }
  const findings: MappingFinding[] = [];
  const prepared = prepareWithFindings(payload, source, raw.headers, findings);
  const record = { answers: prepared.extraction.answers };
  if (prepared.kind === "ignored") {
    return { source: source.name, status: "ignored", event: prepared.eventType ?? null, record };
  }
  if (!options.close) {
    // Only what the source makes of the body: no Close request at all, not even a search.
    return {
      source: source.name,
      status: "mapped",
      event_id: prepared.eventId ?? null,
      record,
      draft: prepared.draft,
      findings,
    };
  }
  const config = requireConfig(env);
  const requests: CloseRequest[] = [];
  const real = createHttpTransport({
    baseUrl: config.CLOSE_API_BASE,
    apiKey: readSecret(env, "CLOSE_API_KEY"),
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
  return {
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
  };
}
