// The preview's delivery: the same upsert with the same options as a real delivery, against a
// client whose transport runs Close's reads for real and only records its writes (answering them
// with made-up ids, enough for the upsert to go on). Nothing is stored, nothing is written.
import { type CloseClient, createCloseClient } from "../close/client.ts";
import {
  type CloseRequest,
  type CloseTransport,
  createHttpTransport,
  isWrite,
} from "../close/transport.ts";
import { type BridgeConfig, readSecret, type Source } from "../config/load.ts";
import { newSubmissionId } from "../ids.ts";
import type { MappingFinding } from "../map/review.ts";
import { previewTurnsOf } from "../store/routing.ts";
import type { UpsertProgress } from "../store/submissions.ts";
import type { ContactDraft } from "../validate/draft.ts";
import { reviewCustomFields } from "./custom-fields.ts";
import { senderErrorOf } from "./failure.ts";
import { upsertOptionsOf } from "./service.ts";
import { upsertSubmission } from "./upsert.ts";

const PREVIEW_IDS = {
  contact: "cont_preview",
  lead: "lead_preview",
  note: "acti_preview",
  task: "task_preview",
  activity: "acti_preview_activity",
  opportunity: "oppo_preview",
};

/** Whether a request reads something only the preview pretended to write (not sent). */
function readsPretended(request: CloseRequest): boolean {
  return !isWrite(request) && /_preview\//.test(request.path);
}

/** What Close would answer to a write, enough for the upsert and routing to go on. */
function pretendWrite(request: CloseRequest): unknown {
  const body = (request.body ?? {}) as { lead_id?: unknown; email?: unknown };
  const leadId = typeof body.lead_id === "string" ? body.lead_id : PREVIEW_IDS.lead;
  switch (request.path) {
    case "/lead/":
      return {
        id: PREVIEW_IDS.lead,
        contacts: [{ id: PREVIEW_IDS.contact, lead_id: PREVIEW_IDS.lead }],
      };
    case "/activity/note/":
      return { id: PREVIEW_IDS.note, lead_id: leadId };
    case "/task/":
      return { id: PREVIEW_IDS.task, lead_id: leadId };
    case "/activity/custom/":
      return { id: PREVIEW_IDS.activity, lead_id: leadId };
    case "/opportunity/":
      return { id: PREVIEW_IDS.opportunity, lead_id: leadId };
    case "/unsubscribe/email/":
      return { email: body.email };
  }
  const pathId = /\/(cont_[A-Za-z0-9_]+|lead_[A-Za-z0-9_]+)\/$/.exec(request.path)?.[1];
  return { id: pathId ?? PREVIEW_IDS.contact, lead_id: leadId };
}

/** A transport that runs reads against Close and records every request. */
function recordingTransport(real: CloseTransport, log: CloseRequest[]): CloseTransport {
  return async (request) => {
    log.push(request);
    if (!isWrite(request) && !readsPretended(request)) return real(request);
    return { status: 200, headers: new Headers(), body: pretendWrite(request) };
  };
}

/** A request the dry run made (`sent`) or only listed. */
export type ListedRequest = { method: string; path: string; body?: unknown; sent: boolean };

/** What a dry run found: what the upsert would do, the requests, and the findings on Close's fields. */
export type DryRun = {
  outcome: UpsertProgress["outcome"];
  requests: ListedRequest[];
  findings: MappingFinding[];
};

/**
 * Runs the upsert of `draft` for `source` as a delivery would, with Close's reads for real and
 * its writes only listed. A failure answers with the code the log would keep.
 */
export async function dryRunDelivery(
  env: Env,
  config: BridgeConfig,
  source: Source,
  draft: ContactDraft,
): Promise<DryRun> {
  const requests: CloseRequest[] = [];
  const real = createHttpTransport({
    baseUrl: config.CLOSE_API_BASE,
    apiKey: readSecret(env, "CLOSE_API_KEY"),
    timeoutMs: config.CLOSE_TIMEOUT_MS,
  });
  const close: CloseClient = createCloseClient(recordingTransport(real, requests));
  const submission = { id: newSubmissionId(), received_at: Date.now() };
  let outcome: UpsertProgress;
  let findings: MappingFinding[];
  try {
    // Who would own the lead next: the rotation's next turn, not taken.
    const options = upsertOptionsOf(source, submission, false, previewTurnsOf(env.DB));
    outcome = await upsertSubmission(close, draft, options, {}, async () => {});
    findings = await reviewCustomFields(close, draft);
  } catch (error) {
    throw senderErrorOf(error);
  }
  return {
    outcome: outcome.outcome,
    findings,
    requests: requests.map((r) => ({
      method: r.method,
      path: r.path,
      ...(r.body === undefined ? {} : { body: r.body }),
      sent: !isWrite(r) && !readsPretended(r),
    })),
  };
}
