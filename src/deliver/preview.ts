// A submission's preview: what its source makes of it (the answers, the draft, the mapping's
// findings) and, when Close may be asked, the delivery's dry run (`dry-run.ts`): the Close
// requests ingest would send. Nothing is stored or written. The hook's preview route and the
// console's Try it panel (the admin API) both answer with it.
import { requireConfig, type Source } from "../config/load.ts";
import { BridgeError, toBridgeError } from "../errors.ts";
import type { MappingFinding } from "../map/review.ts";
import type { Payload } from "../parse/body.ts";
import { loadPhoneMetadata } from "../phone-metadata.ts";
import {
  isHoneypotFilled,
  type PreparedSubmission,
  parseSubmission,
  prepareFromPayload,
  type RawSubmission,
} from "../pipeline.ts";
import { dryRunDelivery } from "./dry-run.ts";

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
 * Runs stages 3 to 6 on `raw` for `source` with the mapping's findings and, when `options.close`
 * is true, the delivery's dry run (Close's reads for real, its writes listed); answers the
 * preview's JSON body. The caller decides who may ask Close.
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
  await loadPhoneMetadata(env);
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
  const dryRun = await dryRunDelivery(env, requireConfig(env), source, prepared.draft);
  findings.push(...dryRun.findings);
  return {
    source: source.name,
    status: dryRun.outcome,
    event_id: prepared.eventId ?? null,
    record,
    draft: prepared.draft,
    findings,
    close_requests: dryRun.requests,
  };
}
