// Building and changing contacts from validated input, the way Close fills them in.
import { applyCustomFieldChanges } from "../custom-fields.ts";
import { generateId, ORGANIZATION_ID, USER_ID } from "../ids.ts";
import type { ContactInput } from "../validate.ts";
import type { Contact } from "./types.ts";

/** Builds a new contact of lead `leadId` from validated input. */
export function buildContact(input: ContactInput, leadId: string, now: string): Contact {
  const contact: Contact = {
    id: generateId("cont"),
    lead_id: leadId,
    organization_id: ORGANIZATION_ID,
    name: input.name ?? null,
    display_name: "",
    title: input.title ?? null,
    emails: input.emails ?? [],
    phones: input.phones ?? [],
    urls: input.urls ?? [],
    ...(input.timezone ? { timezone: input.timezone } : {}),
    created_by: USER_ID,
    updated_by: USER_ID,
    date_created: now,
    date_updated: now,
  };
  return withDisplayName(applyCustomFieldChanges(contact, input.custom));
}

/** Applies a PUT: fields sent replace their values (lists whole), the others stay. */
export function updateContact(contact: Contact, input: ContactInput, now: string): Contact {
  const { custom, ...fields } = input;
  const updated: Contact = { ...contact, updated_by: USER_ID, date_updated: now };
  if (fields.name !== undefined) updated.name = fields.name;
  if (fields.title !== undefined) updated.title = fields.title;
  if (fields.lead_id !== undefined) updated.lead_id = fields.lead_id;
  if (fields.emails !== undefined) updated.emails = fields.emails;
  if (fields.phones !== undefined) updated.phones = fields.phones;
  if (fields.urls !== undefined) updated.urls = fields.urls;
  if (fields.timezone !== undefined) updated.timezone = fields.timezone;
  return withDisplayName(applyCustomFieldChanges(updated, custom));
}

/**
 * The name Close gives a lead it creates for a contact sent without `lead_id`: the
 * contact's name, else its first email, else its first phone.
 */
export function nameLeadAfter(contact: Contact): string | null {
  return contact.name || contact.emails[0]?.email || contact.phones[0]?.phone || null;
}

/**
 * The contact with each email's `is_unsubscribed` following the organization's unsubscribe
 * list (inferred: Close documents the list and the flag, not how they relate).
 */
export function markUnsubscribed(
  contact: Contact,
  isUnsubscribed: (email: string) => boolean,
): Contact {
  return {
    ...contact,
    emails: contact.emails.map((email) => ({
      ...email,
      is_unsubscribed: isUnsubscribed(email.email),
    })),
  };
}

function withDisplayName(contact: Contact): Contact {
  return { ...contact, display_name: nameLeadAfter(contact) ?? "" };
}
