// `/contact/` and `/contact/{id}/`: list, create, read, update and delete contacts. A contact
// sent without `lead_id` gets a new lead named after it, as in Close.
import type { Context, Hono } from "hono";
import { API_PREFIX, type AppEnv, type SimulatorDeps } from "../app-env.ts";
import { formatCloseTimestamp } from "../clock.ts";
import { objectNotFoundError, validationError } from "../errors.ts";
import { presentPage, readFieldSelection, readPageRequest, selectFields } from "../pagination.ts";
import { FIELDS_PARAMETER, LIST_PARAMETERS, readQuery } from "../query.ts";
import {
  buildContact,
  markUnsubscribed,
  nameLeadAfter,
  updateContact,
} from "../records/contact.ts";
import { buildLead } from "../records/lead.ts";
import type { Contact } from "../records/types.ts";
import { requireJsonObject } from "../request-body.ts";
import { parseContactInput, type ValidationContext } from "../validate.ts";
import { refuseOtherMethods } from "./allowed-methods.ts";

const COLLECTION = `${API_PREFIX}/contact`;
const ITEM = `${COLLECTION}/:id`;

/** Registers the contact endpoints. */
export function registerContactRoutes(app: Hono<AppEnv>, deps: SimulatorDeps): void {
  const context: ValidationContext = {
    country: deps.config.ORGANIZATION_COUNTRY,
    customFields: deps.config.CUSTOM_FIELDS.contact,
    members: deps.members,
  };
  const unsubscribed = (email: string) => deps.unsubscribes.has(email);

  app.get(COLLECTION, (c) => {
    // A database read, like reads by id: it never lags writes.
    const query = readQuery(c, [...LIST_PARAMETERS, "lead_id"]);
    const page = deps.contacts.list(readPageRequest(query), query.get("lead_id") ?? undefined);
    return c.json(presentPage(page, readFieldSelection(query)));
  });

  app.post(COLLECTION, (c) => {
    const query = readQuery(c, FIELDS_PARAMETER);
    const parsed = parseContactInput(requireJsonObject(c.get("requestBody")), "create", context);
    if (!parsed.ok) throw validationError(parsed.errors);
    const input = parsed.value;
    if (input.lead_id !== undefined && !deps.leads.find(input.lead_id)) {
      throw validationError({ lead: "Object does not exist." });
    }
    const now = formatCloseTimestamp();
    const contact = deps.transact(() => {
      if (input.lead_id !== undefined) {
        const created = markUnsubscribed(buildContact(input, input.lead_id, now), unsubscribed);
        deps.contacts.insert(created);
        return created;
      }
      // The lead needs the contact's name, the contact needs the lead's id: build the
      // contact first with a placeholder lead, then point it at the new lead.
      const draft = markUnsubscribed(buildContact(input, "", now), unsubscribed);
      const defaultStatus = deps.leadStatuses.listAll()[0];
      if (!defaultStatus) throw new Error("the organization has no lead status");
      const lead = buildLead({ name: nameLeadAfter(draft), custom: [] }, defaultStatus, now);
      const created: Contact = { ...draft, lead_id: lead.id };
      deps.leads.insert(lead);
      deps.contacts.insert(created);
      return created;
    });
    return answerContact(c, contact, query);
  });

  refuseOtherMethods(app, COLLECTION, ["GET", "POST"]);

  app.get(ITEM, (c) => {
    const query = readQuery(c, FIELDS_PARAMETER);
    return answerContact(c, findContactOrThrow(deps, c.req.param("id")), query);
  });

  app.put(ITEM, (c) => {
    const query = readQuery(c, FIELDS_PARAMETER);
    const existing = findContactOrThrow(deps, c.req.param("id"));
    const parsed = parseContactInput(requireJsonObject(c.get("requestBody")), "update", context);
    if (!parsed.ok) throw validationError(parsed.errors);
    const input = parsed.value;
    if (input.lead_id !== undefined && !deps.leads.find(input.lead_id)) {
      throw validationError({ lead: "Object does not exist." });
    }
    const updated = markUnsubscribed(
      updateContact(existing, input, formatCloseTimestamp()),
      unsubscribed,
    );
    deps.transact(() => deps.contacts.replace(updated));
    return answerContact(c, updated, query);
  });

  app.delete(ITEM, (c) => {
    readQuery(c, []);
    const existing = findContactOrThrow(deps, c.req.param("id"));
    deps.transact(() => deps.contacts.delete(existing.id));
    return c.json({});
  });

  refuseOtherMethods(app, ITEM, ["GET", "PUT", "DELETE"]);
}

function findContactOrThrow(deps: SimulatorDeps, id: string): Contact {
  const contact = deps.contacts.find(id);
  if (!contact) throw objectNotFoundError("Contact");
  return contact;
}

function answerContact(c: Context<AppEnv>, contact: Contact, query: URLSearchParams): Response {
  return c.json(selectFields(contact, readFieldSelection(query)));
}
