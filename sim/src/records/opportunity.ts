// Building and presenting opportunities (close-routing.md section 4): the status decides the
// type (active, won, lost) and the pipeline; `value` is in cents and `value_formatted` shows it
// in the organization's currency (USD); a won opportunity gets `date_won`, today if unset.
import type { OpportunityStatusDefinition, PipelineDefinition } from "../config.ts";
import { generateId } from "../ids.ts";
import type { OpportunityInput } from "../validate-followups.ts";
import { createdBy } from "./authorship.ts";
import type { Opportunity } from "./types.ts";

/** The organization's currency: Close answers `value_currency` from the organization. */
export const CURRENCY = "USD";

/** An opportunity status with the pipeline it belongs to. */
export type PlacedStatus = { status: OpportunityStatusDefinition; pipeline: PipelineDefinition };

/** Every opportunity status, with its pipeline, in order (the first is the default). */
export function listOpportunityStatuses(pipelines: readonly PipelineDefinition[]): PlacedStatus[] {
  return pipelines.flatMap((pipeline) => pipeline.statuses.map((status) => ({ status, pipeline })));
}

/** `$1,000` for 100000 cents; cents shown only when there are some. */
export function formatValue(cents: number): string {
  const dollars = cents / 100;
  const digits = Number.isInteger(dollars) ? 0 : 2;
  return `$${dollars.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: 2 })}`;
}

/** The names an opportunity answer carries besides ids. */
export type OpportunityParties = {
  leadName: string | null;
  contactName: string | null;
  owner: { id: string; name: string };
};

/** Builds a new opportunity from validated input in the status (and pipeline) it resolved to. */
export function buildOpportunity(
  input: OpportunityInput,
  placed: PlacedStatus,
  parties: OpportunityParties,
  now: string,
): Opportunity {
  const value = input.value ?? null;
  const period = input.value_period ?? "one_time";
  const confidence = input.confidence ?? 0;
  const annualized = value === null ? null : period === "monthly" ? value * 12 : value;
  const won = placed.status.type === "won";
  return {
    id: generateId("oppo"),
    lead_id: input.lead_id,
    lead_name: parties.leadName,
    contact_id: input.contact_id ?? null,
    contact_name: parties.contactName,
    user_id: parties.owner.id,
    user_name: parties.owner.name,
    status_id: placed.status.id,
    status_label: placed.status.label,
    status_display_name: placed.status.label,
    status_type: placed.status.type,
    pipeline_id: placed.pipeline.id,
    pipeline_name: placed.pipeline.name,
    value,
    value_currency: CURRENCY,
    value_formatted: value === null ? null : formatValue(value),
    value_period: period,
    annualized_value: annualized,
    expected_value: value === null ? null : Math.round((value * confidence) / 100),
    annualized_expected_value:
      annualized === null ? null : Math.round((annualized * confidence) / 100),
    confidence,
    note: input.note ?? "",
    // The response schema has a date: "2019-01-15". A won status sets it to today if unset.
    date_won: input.date_won ? input.date_won.slice(0, 10) : won ? now.slice(0, 10) : null,
    date_lost: placed.status.type === "lost" ? now : null,
    is_stalled: false,
    attachments: [],
    integration_links: [],
    ...createdBy(now),
  };
}
