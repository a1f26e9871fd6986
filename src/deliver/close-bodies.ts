// A contact draft as Close request bodies: the contact, a lead with the contact nested, and
// the merge that adds a submission's emails, phones and URLs to an existing contact.
import type {
  CloseContact,
  CloseContactUpdate,
  CloseCustomValues,
  CloseLeadCreate,
} from "../close/schemas.ts";
import type { ContactDraft } from "../validate/draft.ts";

/** A draft's custom field values as `custom.cf_...` keys. */
function customValuesOf(custom: ContactDraft["custom"]): CloseCustomValues {
  const values: CloseCustomValues = {};
  for (const [id, value] of Object.entries(custom)) values[`custom.${id}`] = value;
  return values;
}

/** The `POST /contact/` body of a draft (without `lead_id`). */
export function buildContactBody(draft: ContactDraft): CloseContactUpdate {
  const body: CloseContactUpdate = {};
  if (draft.name) body.name = draft.name;
  if (draft.title) body.title = draft.title;
  if (draft.emails.length > 0) body.emails = draft.emails;
  if (draft.phones.length > 0) body.phones = draft.phones;
  if (draft.urls.length > 0) body.urls = draft.urls;
  if (draft.timezone) body.timezone = draft.timezone;
  return Object.assign(body, customValuesOf(draft.custom));
}

/** Whether creating this draft needs a lead of its own (company, lead fields). */
export function hasLeadDetails(draft: ContactDraft): boolean {
  const { lead } = draft;
  return Boolean(lead.name || lead.url || lead.description || Object.keys(lead.custom).length > 0);
}

/** The `POST /lead/` body: the lead's own fields with the contact nested. */
export function buildLeadBody(draft: ContactDraft, fallbackName: string): CloseLeadCreate {
  const body: CloseLeadCreate = { name: draft.lead.name ?? fallbackName };
  if (draft.lead.url) body.url = draft.lead.url;
  if (draft.lead.description) body.description = draft.lead.description;
  Object.assign(body, customValuesOf(draft.lead.custom));
  body.contacts = [buildContactBody(draft)];
  return body;
}

/** The name Close gives a lead created for a contact: its name, else its email or phone. */
export function contactDisplayName(draft: ContactDraft): string {
  return draft.name ?? draft.emails[0]?.email ?? draft.phones[0]?.phone ?? "Website lead";
}

/** Whether a field has no value: absent, null, empty text or an empty list. */
export function isBlank(value: unknown): boolean {
  return (
    value === undefined ||
    value === null ||
    value === "" ||
    (Array.isArray(value) && value.length === 0)
  );
}

/**
 * The `PUT /contact/{id}/` body that adds what the draft has and the contact lacks: new
 * emails, phones and URLs appended (Close replaces lists whole, so the merged list is sent),
 * empty name, title, time zone and custom fields filled, nothing blanked. Empty when nothing changes.
 */
export function buildContactMerge(existing: CloseContact, draft: ContactDraft): CloseContactUpdate {
  const body: CloseContactUpdate = {};
  const emails = existing.emails.map((e) => ({
    email: e.email,
    type: e.type ?? "office",
    ...(typeof e.is_unsubscribed === "boolean" ? { is_unsubscribed: e.is_unsubscribed } : {}),
  }));
  const knownEmails = new Set(emails.map((e) => e.email.toLowerCase()));
  const newEmails = draft.emails.filter((e) => !knownEmails.has(e.email.toLowerCase()));
  if (newEmails.length > 0) body.emails = [...emails, ...newEmails];

  const phones = existing.phones.map((p) => ({ phone: p.phone, type: p.type ?? "office" }));
  const knownPhones = new Set(phones.map((p) => p.phone));
  const newPhones = draft.phones.filter((p) => !knownPhones.has(p.phone));
  if (newPhones.length > 0) body.phones = [...phones, ...newPhones];

  const urls = existing.urls.map((u) => ({ url: u.url, type: u.type ?? "url" }));
  const knownUrls = new Set(urls.map((u) => u.url));
  const newUrls = draft.urls.filter((u) => !knownUrls.has(u.url));
  if (newUrls.length > 0) body.urls = [...urls, ...newUrls];

  if (isBlank(existing.name) && draft.name) body.name = draft.name;
  if (isBlank(existing.title) && draft.title) body.title = draft.title;
  if (isBlank(existing.timezone) && draft.timezone) body.timezone = draft.timezone;
  for (const [id, value] of Object.entries(draft.custom)) {
    if (isBlank(existing[`custom.${id}`])) body[`custom.${id}`] = value;
  }
  return body;
}
