// Routing in Close, the delivery: after the contact, lead and note, what a source routes is
// written in steps (the lead's status, source, UTM and owner fields; consent on the contact and
// the unsubscribe; a custom activity; a follow-up task; an opportunity), each recorded in the
// submission's progress as soon as Close answers. A retry skips what is recorded, and after a
// lost answer finds the earlier write by a read of the lead's tasks, activities or opportunities
// (reads by lead, which Close answers from its database, unlike search) carrying the
// submission's marker, so nothing is made twice; the owner's turn is taken once, in D1.
import type { CloseClient } from "../close/client.ts";
import type {
  CloseContactUpdate,
  CloseCustomActivityCreate,
  CloseCustomField,
  CloseLeadUpdate,
} from "../close/schemas.ts";
import { logEvent } from "../log.ts";
import { routesAnything, type SourceRouting } from "../map/routing.ts";
import type { RoutingProgress } from "../store/routing.ts";
import type { ContactDraft, CustomValue } from "../validate/draft.ts";
import { isBlank } from "./close-bodies.ts";
import {
  type ActivityTypeFields,
  type NamedAt,
  OrganizationNames,
  requireActivityField,
} from "./close-names.ts";

/** Takes a rotation's next turn for the submission (once: a second call answers the same). */
export type OwnerTurns = { take(rotation: string): Promise<number> };

/** What routing needs besides the draft. */
export type RoutingOptions = {
  /** The source's name. */
  source: string;
  submissionId: string;
  /** When the submission arrived (ms since the epoch): tasks fall due from then. */
  receivedAt: number;
  /** An earlier attempt may have written to Close: look for its writes before writing. */
  resumed: boolean;
  /** The line that marks the submission's notes, tasks and opportunities. */
  marker: string;
  plan: SourceRouting;
  turns: OwnerTurns;
};

/** The upsert's routing option for a source: undefined when the source routes nothing. */
export function planRouting(
  plan: SourceRouting,
  turns: OwnerTurns,
): { plan: SourceRouting; turns: OwnerTurns } | undefined {
  return routesAnything(plan) ? { plan, turns } : undefined;
}

/** What routing reads of the upsert's progress. */
export type UpsertState = {
  contact_id?: string;
  lead_id?: string;
  outcome?: "created" | "updated" | "skipped";
  routing?: RoutingProgress;
};

/** How far apart Close's clock and ours may be when telling a new lead from an older one. */
const CLOCK_SKEW_MS = 5 * 60_000;

/** Field types a text value can go to as text. */
const TEXT_TYPES = ["text", "textarea", "hidden"];

/**
 * A rendered value as a field of its type takes it, or undefined when it cannot be one (a word
 * for a number field, a value that is none of the field's choices): such a value is left out
 * rather than refused by Close; it is in the note anyway.
 */
export function typeValue(
  field: CloseCustomField,
  text: string,
  users: Map<string, string>,
): CustomValue | undefined {
  let value: string | number | undefined;
  switch (field.type) {
    case "number": {
      const number = Number(text.trim());
      value = text.trim() !== "" && Number.isFinite(number) ? number : undefined;
      break;
    }
    case "choices":
      value = (field.choices ?? []).find(
        (choice) => choice.toLowerCase() === text.trim().toLowerCase(),
      );
      break;
    case "date":
      value = Number.isNaN(Date.parse(text))
        ? undefined
        : new Date(Date.parse(text)).toISOString().slice(0, 10);
      break;
    case "datetime":
      value = Number.isNaN(Date.parse(text)) ? undefined : new Date(Date.parse(text)).toISOString();
      break;
    case "user":
      // An email of a member becomes their id; Close takes ids and exact names.
      value = users.get(text.trim().toLowerCase()) ?? text;
      break;
    case "contact":
    case "custom_object":
      value = undefined;
      break;
    default:
      value = text;
  }
  if (value === undefined) return undefined;
  return field.accepts_multiple_values ? [value] : value;
}

/** Routes one submission in Close from where its progress stands; answers the progress. */
export async function routeSubmission(
  close: CloseClient,
  draft: ContactDraft,
  options: RoutingOptions,
  state: UpsertState,
  save: (routing: RoutingProgress) => Promise<void>,
): Promise<RoutingProgress> {
  let done: RoutingProgress = { ...(state.routing ?? {}) };
  const leadId = state.lead_id;
  if (!leadId || state.outcome === "skipped") return done;
  const { plan } = options;
  const names = new OrganizationNames(close);
  const values = draft.routing ?? {};
  // After a lost answer, or on a forced re-delivery to a lead that may have the earlier one's.
  const lookFirst = options.resumed || done.rerouted === true;
  const at = (option: string): NamedAt => ({ source: options.source, option });
  const record = async (step: RoutingProgress) => {
    done = { ...done, ...step };
    await save(done);
  };
  /** Members' ids by email, for user-type values given as emails. */
  const usersByEmail = async () =>
    new Map((await names.list("users")).map((user) => [(user.email ?? "").toLowerCase(), user.id]));
  const withType = (
    field: CloseCustomField,
    text: string,
    users: Map<string, string>,
    option: string,
  ) => {
    const value = typeValue(field, text, users);
    if (value === undefined) {
      logEvent("warn", "routing.value_left_out", {
        submission_id: options.submissionId,
        source: options.source,
        option,
        field_type: field.type,
      });
    }
    return value;
  };

  const leadFields = Object.entries(values.lead_fields ?? {});
  if (!done.lead_done && (plan.lead.status || leadFields.length > 0 || plan.owner)) {
    // A lead the upsert created needs no read; one it joined is read (by id) so that only its
    // empty fields are filled, and its owner kept.
    const lead = done.lead_new === true ? undefined : await close.getFullLead(leadId);
    const leadNew =
      done.lead_new ??
      (state.outcome === "created" &&
        Date.parse(lead?.date_created ?? "") >= options.receivedAt - CLOCK_SKEW_MS);
    const body: CloseLeadUpdate = {};
    if (plan.lead.status && (leadNew || plan.lead.status_on_update)) {
      const status = await names.requireLeadStatus(plan.lead.status, at("lead.status"));
      // A lead created without a status has the organization's default (the first): a status
      // change (which Close logs as an activity on the lead) only when the lead has another.
      const current = lead ? lead.status_id : (await names.list("leadStatuses"))[0]?.id;
      if (current !== status.id) body.status_id = status.id;
    }
    const users = leadFields.length > 0 ? await usersByEmail() : new Map<string, string>();
    for (const [name, text] of leadFields) {
      const option = name === plan.lead.source_field ? "lead.source" : "lead.utm";
      const field = await names.requireField("lead", name, at(option));
      const value = withType(field, text, users, option);
      if (value !== undefined && isBlank(lead?.[`custom.${field.id}`]))
        body[`custom.${field.id}`] = value;
    }
    let ownerId: string | undefined;
    if (plan.owner) {
      const field = await names.requireField("lead", plan.owner.field, at("owner.field"), ["user"]);
      const current = lead?.[`custom.${field.id}`];
      const existing = Array.isArray(current) ? current[0] : current;
      if (typeof existing === "string" && existing !== "") {
        ownerId = existing;
      } else {
        const owner = await chooseOwner(plan.owner, values.owner_by, options, done);
        if (owner) {
          if (owner.turn !== undefined) done = { ...done, owner_turn: owner.turn };
          ownerId = (await names.requireUser(owner.email, at(owner.option))).id;
          body[`custom.${field.id}`] = field.accepts_multiple_values ? [ownerId] : ownerId;
        }
      }
    }
    if (Object.keys(body).length > 0) await close.updateLead(leadId, body);
    await record({ lead_done: true, lead_new: leadNew, ...(ownerId ? { owner_id: ownerId } : {}) });
  }

  const contactFields = Object.entries(values.contact_fields ?? {});
  const unsubscribe = plan.consent?.unsubscribe_when_unchecked === true && values.consent === false;
  if (!done.contact_done && state.contact_id && (contactFields.length > 0 || unsubscribe)) {
    const body: CloseContactUpdate = {};
    const users = contactFields.length > 0 ? await usersByEmail() : new Map<string, string>();
    for (const [name, text] of contactFields) {
      const field = await names.requireField("contact", name, at("consent.field"));
      const value = withType(field, text, users, "consent.field");
      if (value !== undefined) body[`custom.${field.id}`] = value;
    }
    if (Object.keys(body).length > 0) await close.updateContact(state.contact_id, body);
    if (unsubscribe) {
      // The contact (read by id) shows which emails are unsubscribed already, by an earlier
      // attempt whose answer was lost or by anyone: those are not sent again.
      const contact = await close.getContact(state.contact_id);
      for (const { email } of draft.emails) {
        const known = contact.emails.find((e) => e.email.toLowerCase() === email.toLowerCase());
        if (known?.is_unsubscribed === true) continue;
        await close.unsubscribeEmail(email);
      }
    }
    await record({ contact_done: true });
  }

  if (plan.activity && !done.activity_id) {
    const activity = plan.activity;
    const entry = await names.requireActivityType(activity.type, at("activity.type"));
    const marker = requireActivityField(
      entry,
      activity.marker_field,
      at("activity.marker_field"),
      TEXT_TYPES,
    );
    const markerKey = `custom.${marker.id}`;
    const earlier = lookFirst
      ? (await close.listCustomActivities(leadId, entry.type.id)).find(
          (found) => found[markerKey] === options.submissionId,
        )
      : undefined;
    const id =
      earlier?.id ??
      (
        await createActivity(
          close,
          entry,
          values.activity ?? {},
          { ...options, leadId, contactId: state.contact_id, markerKey },
          usersByEmail,
          withType,
        )
      ).id;
    await record({ activity_id: id });
  }

  if (plan.task && !done.task_id) {
    const task = plan.task;
    const assignee = task.assign_to
      ? (await names.requireUser(task.assign_to, at("task.assign_to"))).id
      : done.owner_id;
    const earlier = lookFirst
      ? (await close.listTasks(leadId)).find((found) => found.text?.includes(options.marker))
      : undefined;
    const created =
      earlier ??
      (await close.createTask({
        _type: "lead",
        lead_id: leadId,
        text: `${values.task ?? `Follow up (${options.source})`}\n\n${options.marker}`,
        date: new Date(options.receivedAt + task.due_in * 60_000).toISOString(),
        ...(assignee ? { assigned_to: assignee } : {}),
      }));
    await record({ task_id: created.id });
  }

  if (plan.opportunity && !done.opportunity_id) {
    const opportunity = plan.opportunity;
    const status = await names.requireOpportunityStatus(
      opportunity.status,
      at("opportunity.status"),
    );
    const earlier = lookFirst
      ? (await close.listOpportunities(leadId)).find((found) =>
          found.note?.includes(options.marker),
        )
      : undefined;
    const created =
      earlier ??
      (await close.createOpportunity({
        lead_id: leadId,
        status_id: status.id,
        note: `${values.opportunity ?? `Booked through ${options.source}`}\n\n${options.marker}`,
        value_period: opportunity.value_period,
        ...(opportunity.value !== undefined ? { value: Math.round(opportunity.value * 100) } : {}),
        ...(opportunity.confidence !== undefined ? { confidence: opportunity.confidence } : {}),
        ...(state.contact_id ? { contact_id: state.contact_id } : {}),
        ...(done.owner_id ? { user_id: done.owner_id } : {}),
      }));
    await record({ opportunity_id: created.id });
  }
  return done;
}

/** The owner a new lead gets: by `owner.by`'s value in `map`, else in turn among `users`. */
async function chooseOwner(
  owner: NonNullable<SourceRouting["owner"]>,
  ownerBy: string | undefined,
  options: RoutingOptions,
  done: RoutingProgress,
): Promise<{ email: string; turn?: number; option: string } | undefined> {
  let emails = owner.users;
  let rotation = owner.rotation ?? options.source;
  let option = "owner.users";
  if (ownerBy !== undefined) {
    const key = Object.keys(owner.map).find(
      (candidate) => candidate.trim().toLowerCase() === ownerBy.trim().toLowerCase(),
    );
    const mapped = key === undefined ? undefined : owner.map[key];
    if (key !== undefined && mapped !== undefined) {
      emails = Array.isArray(mapped) ? mapped : [mapped];
      rotation = `${rotation}:${key.trim().toLowerCase()}`;
      option = `owner.map.${key}`;
    }
  }
  const [only] = emails;
  if (only === undefined) return undefined;
  if (emails.length === 1) return { email: only, option };
  const turn = done.owner_turn ?? (await options.turns.take(rotation));
  return { email: emails[(turn - 1) % emails.length] ?? only, turn, option };
}

/** `POST /activity/custom/` with the mapped fields and the submission id in the marker field. */
async function createActivity(
  close: CloseClient,
  entry: ActivityTypeFields,
  fields: Record<string, string>,
  options: RoutingOptions & { leadId: string; contactId: string | undefined; markerKey: string },
  usersByEmail: () => Promise<Map<string, string>>,
  withType: (
    field: CloseCustomField,
    text: string,
    users: Map<string, string>,
    option: string,
  ) => CustomValue | undefined,
) {
  const body: CloseCustomActivityCreate = {
    custom_activity_type_id: entry.type.id,
    lead_id: options.leadId,
    ...(options.contactId ? { contact_id: options.contactId } : {}),
    activity_at: new Date(options.receivedAt).toISOString(),
    [options.markerKey]: options.submissionId,
  };
  const users = Object.keys(fields).length > 0 ? await usersByEmail() : new Map<string, string>();
  for (const [name, text] of Object.entries(fields)) {
    const option = `activity.fields.${name}`;
    const field = requireActivityField(entry, name, { source: options.source, option });
    const value = withType(field, text, users, option);
    if (value !== undefined) body[`custom.${field.id}`] = value;
  }
  return close.createCustomActivity(body);
}
