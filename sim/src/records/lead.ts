// Building, changing and presenting leads. A lead's status is one of the organization's
// lead statuses (store: `lead_statuses`, seeded from `LEAD_STATUSES`); without one, the first.
import { applyCustomFieldChanges } from "../custom-fields.ts";
import type { FieldErrors } from "../errors.ts";
import { generateId, ORGANIZATION_ID, USER_ID, USER_NAME } from "../ids.ts";
import type { LeadInput } from "../validate.ts";
import type { Contact, Lead, LeadRecord, LeadStatus, Opportunity, Task } from "./types.ts";

/**
 * Finds the status `status_id` or `status` (a label, case-insensitive) names among `statuses`;
 * undefined keeps the current one (or, on create, the default).
 */
export function resolveLeadStatus(
  input: Pick<LeadInput, "status_id" | "status">,
  statuses: readonly LeadStatus[],
): { ok: true; status: LeadStatus | undefined } | { ok: false; errors: FieldErrors } {
  if (input.status_id !== undefined) {
    const status = statuses.find((candidate) => candidate.id === input.status_id);
    return status
      ? { ok: true, status }
      : { ok: false, errors: { status_id: "Object does not exist." } };
  }
  if (input.status !== undefined) {
    const label = input.status.toLowerCase();
    const status = statuses.find((candidate) => candidate.label.toLowerCase() === label);
    return status
      ? { ok: true, status }
      : { ok: false, errors: { status: "Object does not exist." } };
  }
  return { ok: true, status: undefined };
}

/** Builds a new lead (without its contacts, which are stored on their own). */
export function buildLead(
  input: Omit<LeadInput, "contacts" | "status_id" | "status">,
  status: LeadStatus,
  now: string,
): LeadRecord {
  const id = generateId("lead");
  const chosen = status;
  const lead: LeadRecord = {
    id,
    name: input.name ?? null,
    description: input.description ?? "",
    url: input.url ?? null,
    status_id: chosen.id,
    status_label: chosen.label,
    addresses: input.addresses ?? [],
    organization_id: ORGANIZATION_ID,
    html_url: `https://app.close.com/lead/${id}/`,
    created_by: USER_ID,
    updated_by: USER_ID,
    created_by_name: USER_NAME,
    updated_by_name: USER_NAME,
    date_created: now,
    date_updated: now,
  };
  return applyCustomFieldChanges(lead, input.custom);
}

/** Applies a PUT: fields sent replace their values (lists whole), the others stay. */
export function updateLead(
  lead: LeadRecord,
  input: LeadInput,
  status: LeadStatus | undefined,
  now: string,
): LeadRecord {
  const updated: LeadRecord = { ...lead, updated_by: USER_ID, date_updated: now };
  if (input.name !== undefined) updated.name = input.name;
  if (input.description !== undefined) updated.description = input.description;
  if (input.url !== undefined) updated.url = input.url;
  if (input.addresses !== undefined) updated.addresses = input.addresses;
  if (status) {
    updated.status_id = status.id;
    updated.status_label = status.label;
  }
  return applyCustomFieldChanges(updated, input.custom);
}

/** What a lead read by id shows besides its contacts: its opportunities and open tasks. */
export type LeadRelations = { opportunities: Opportunity[]; tasks: Task[] };

/** The lead as the API answers it, with its contacts (and, read by id, its relations). */
export function presentLead(
  lead: LeadRecord,
  contacts: Contact[],
  relations: LeadRelations = { opportunities: [], tasks: [] },
): Lead {
  return {
    ...lead,
    display_name: lead.name ?? contacts[0]?.display_name ?? "",
    contacts,
    contact_ids: contacts.map((contact) => contact.id),
    opportunities: relations.opportunities,
    tasks: relations.tasks,
    integration_links: [],
  };
}
