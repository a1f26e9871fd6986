// A replay maps anew: what the sender sent runs through parse, extract, map and validate again
// with the configuration of the day, so that a submission that went dead on a mapping mistake
// (a wrong custom field id, say) is delivered once the mapping is fixed. Only a submission that
// was never delivered still has what the sender sent; the others are replayed as stored.
import type { BridgeConfig } from "../config/load.ts";
import { BridgeError, toBridgeError } from "../errors.ts";
import type { MappingFinding } from "../map/review.ts";
import { restoreSentRequest } from "../parse/sender-input.ts";
import { type AssetFetcher, loadPhoneMetadata } from "../phone-metadata.ts";
import { prepareSubmission } from "../pipeline.ts";
import { loadSenderInput, type Submission } from "../store/submissions.ts";
import type { ContactDraft } from "../validate/draft.ts";

/** The draft a replay delivers: mapped anew, or the stored one (and why). */
export type ReplayDraft =
  | { remapped: true; draft: ContactDraft; findings: MappingFinding[] }
  | { remapped: false; draft: ContactDraft | null; reason: string };

/**
 * Maps a submission anew from what its sender sent, with the source as configured now. Throws
 * `unmappable` (422, with the reasons) when that cannot become a contact any more, `conflict`
 * when the source is broken, gone, or now ignores the event, and `phone_data_unavailable` (503)
 * when the phone metadata cannot be loaded.
 */
export async function remapSubmission(
  env: { DB: D1Database; ASSETS?: AssetFetcher },
  config: BridgeConfig,
  submission: Submission,
): Promise<ReplayDraft> {
  const input = await loadSenderInput(env.DB, submission.id);
  if (input === undefined) {
    return {
      remapped: false,
      draft: submission.draft,
      reason:
        submission.status === "delivered" || submission.status === "skipped"
          ? "what the sender sent is not kept once a submission is delivered: the stored draft is sent again"
          : "what the sender sent was not kept (too large, or recorded before it was): the stored draft is sent again",
    };
  }
  const name = submission.source;
  const source = config.sources.get(name);
  if (source === undefined || config.problems.length > 0) {
    throw new BridgeError(
      "conflict",
      config.broken.has(name) || config.problems.length > 0
        ? `The source "${name}" cannot work with the current configuration (GET /v1/admin/config says why): fix it, then replay.`
        : `The source "${name}" is not configured any more: add it back to wrangler.toml, then replay.`,
    );
  }
  await loadPhoneMetadata(env);
  const findings: MappingFinding[] = [];
  let prepared: Awaited<ReturnType<typeof prepareSubmission>>;
  try {
    prepared = await prepareSubmission(restoreSentRequest(input), source, { findings });
  } catch (thrown) {
    const error = toBridgeError(thrown);
    if (error.code === "internal_error") throw error;
    throw new BridgeError(
      "unmappable",
      `With the current configuration of "${name}", what the sender sent cannot become a contact: fix the mapping, then replay.`,
      {
        details: [
          ...(error.details ?? [{ field: "body", problem: error.message }]),
          ...findings.map(({ field, problem }) => ({ field, problem })),
        ],
      },
    );
  }
  if (prepared.kind === "ignored") {
    throw new BridgeError(
      "conflict",
      `The current configuration of "${name}" ignores this event (${prepared.eventType ?? "no type"}): there is nothing to deliver.`,
    );
  }
  return { remapped: true, draft: prepared.draft, findings };
}

/** The parts of two drafts that differ: `name`, `emails`, `custom`, `lead.custom`, `note`, ... */
export function compareDrafts(before: ContactDraft | null, after: ContactDraft | null): string[] {
  const changed = (a: unknown, b: unknown) => JSON.stringify(a) !== JSON.stringify(b);
  const keys = new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})]);
  const differences: string[] = [];
  for (const key of [...keys].sort()) {
    const a = before?.[key as keyof ContactDraft];
    const b = after?.[key as keyof ContactDraft];
    if (key !== "lead") {
      if (changed(a, b)) differences.push(key);
      continue;
    }
    const leadA = (a ?? {}) as Record<string, unknown>;
    const leadB = (b ?? {}) as Record<string, unknown>;
    for (const leadKey of [...new Set([...Object.keys(leadA), ...Object.keys(leadB)])].sort()) {
      if (changed(leadA[leadKey], leadB[leadKey])) differences.push(`lead.${leadKey}`);
    }
  }
  return differences;
}
