// `/lead/` and `/lead/{id}/`: leads with their contacts. Contacts can be nested on create
// only; deleting a lead deletes its contacts and notes. The listing is served by the search
// index (it is Close's lead search without a query), so it lags writes like search does.
import type { Context, Hono } from "hono";
import { API_PREFIX, type AppEnv, type SimulatorDeps } from "../app-env.ts";
import { formatCloseTimestamp } from "../clock.ts";
import { objectNotFoundError, validationError } from "../errors.ts";
import { presentPage, readFieldSelection, readPageRequest, selectFields } from "../pagination.ts";
import { FIELDS_PARAMETER, LIST_PARAMETERS, readQuery } from "../query.ts";
import { buildContact, markUnsubscribed } from "../records/contact.ts";
import {
  buildLead,
  type LeadRelations,
  presentLead,
  resolveLeadStatus,
  updateLead,
} from "../records/lead.ts";
import { presentTask } from "../records/task.ts";
import type { Lead, LeadRecord } from "../records/types.ts";
import { requireJsonObject } from "../request-body.ts";
import type { ContactStore } from "../store/contacts.ts";
import { parseLeadInput } from "../validate.ts";
import { refuseOtherMethods } from "./allowed-methods.ts";

const COLLECTION = `${API_PREFIX}/lead`;
const ITEM = `${COLLECTION}/:id`;

/** Registers the lead endpoints. */
export function registerLeadRoutes(app: Hono<AppEnv>, deps: SimulatorDeps): void {
  const context = {
    country: deps.config.ORGANIZATION_COUNTRY,
    customFields: deps.config.CUSTOM_FIELDS.lead,
    contactCustomFields: deps.config.CUSTOM_FIELDS.contact,
    members: deps.members,
  };

  app.get(COLLECTION, (c) => {
    // `query` (Close's deprecated lead search) is not implemented: refused, not ignored.
    const query = readQuery(c, LIST_PARAMETERS);
    const index = deps.searchIndex;
    index.catchUp();
    const page = index.leads.list(readPageRequest(query));
    const leads = {
      ...page,
      items: page.items.map((lead) => presentWithContacts(index.contacts, lead)),
    };
    return c.json(presentPage(leads, readFieldSelection(query)));
  });

  app.post(COLLECTION, (c) => {
    const query = readQuery(c, FIELDS_PARAMETER);
    const parsed = parseLeadInput(requireJsonObject(c.get("requestBody")), "create", context);
    if (!parsed.ok) throw validationError(parsed.errors);
    const statuses = deps.leadStatuses.listAll();
    const status = resolveLeadStatus(parsed.value, statuses);
    if (!status.ok) throw validationError(status.errors);
    const chosen = status.status ?? statuses[0];
    if (!chosen) throw new Error("the organization has no lead status");
    const now = formatCloseTimestamp();
    const lead = buildLead(parsed.value, chosen, now);
    const contacts = (parsed.value.contacts ?? []).map((input) =>
      markUnsubscribed(buildContact(input, lead.id, now), (email) => deps.unsubscribes.has(email)),
    );
    deps.transact(() => {
      deps.leads.insert(lead);
      for (const contact of contacts) deps.contacts.insert(contact);
    });
    return answerLead(c, presentLead(lead, contacts), query);
  });

  refuseOtherMethods(app, COLLECTION, ["GET", "POST"]);

  app.get(ITEM, (c) => {
    const query = readQuery(c, FIELDS_PARAMETER);
    const lead = findLeadOrThrow(deps, c.req.param("id"));
    return answerLead(
      c,
      presentWithContacts(deps.contacts, lead, relationsOf(deps, lead.id)),
      query,
    );
  });

  app.put(ITEM, (c) => {
    const query = readQuery(c, FIELDS_PARAMETER);
    const existing = findLeadOrThrow(deps, c.req.param("id"));
    const parsed = parseLeadInput(requireJsonObject(c.get("requestBody")), "update", context);
    if (!parsed.ok) throw validationError(parsed.errors);
    const status = resolveLeadStatus(parsed.value, deps.leadStatuses.listAll());
    if (!status.ok) throw validationError(status.errors);
    const updated = updateLead(existing, parsed.value, status.status, formatCloseTimestamp());
    deps.transact(() => deps.leads.replace(updated));
    return answerLead(c, presentWithContacts(deps.contacts, updated), query);
  });

  app.delete(ITEM, (c) => {
    readQuery(c, []);
    const existing = findLeadOrThrow(deps, c.req.param("id"));
    deps.transact(() => {
      deps.contacts.deleteByLead(existing.id);
      deps.notes.deleteByLead(existing.id);
      deps.tasks.deleteByLead(existing.id);
      deps.customActivities.deleteByLead(existing.id);
      deps.opportunities.deleteByLead(existing.id);
      deps.leads.delete(existing.id);
    });
    return c.json({});
  });

  refuseOtherMethods(app, ITEM, ["GET", "PUT", "DELETE"]);
}

/** The lead as answered, with its contacts read from `contacts` (the database or the index). */
export function presentWithContacts(
  contacts: ContactStore,
  lead: LeadRecord,
  relations?: LeadRelations,
): Lead {
  return presentLead(lead, contacts.listByLead(lead.id), relations);
}

/** A lead's opportunities and incomplete tasks, from the database (Close shows them read by id). */
function relationsOf(deps: SimulatorDeps, leadId: string): LeadRelations {
  const lead = [{ field: "lead_id", anyOf: [leadId] }];
  return {
    opportunities: deps.opportunities.listWhere(lead),
    tasks: deps.tasks
      .listWhere([...lead, { field: "is_complete", anyOf: [false] }])
      .map((task) => presentTask(task)),
  };
}

function findLeadOrThrow(deps: SimulatorDeps, id: string): LeadRecord {
  const lead = deps.leads.find(id);
  if (!lead) throw objectNotFoundError("Lead");
  return lead;
}

function answerLead(c: Context<AppEnv>, lead: Lead, query: URLSearchParams): Response {
  return c.json(selectFields(lead, readFieldSelection(query)));
}
