// The upsert (SPEC section 1, "Upsert in Close"): find the contact by email, then phone;
// update, skip or create it; find or create its lead; add the note. It is resumable: the
// contact's ids are saved as soon as Close gives them (the note's id by the caller, at once),
// and on a retry a write whose answer never came is looked for before it is sent again (the
// contact by its email or phone, the note by the submission id it ends with), so a retry or a
// redelivered message never makes a second contact or note.
import type { CloseClient } from "../close/client.ts";
import type { CloseContact } from "../close/schemas.ts";
import type { Source } from "../config/load.ts";
import type { UpsertProgress } from "../store/submissions.ts";
import type { ContactDraft } from "../validate/draft.ts";
import {
  buildContactBody,
  buildContactMerge,
  buildLeadBody,
  contactDisplayName,
  hasLeadDetails,
} from "./close-bodies.ts";
import { typeCustomFields } from "./custom-fields.ts";

/** The source options the upsert follows. */
export type UpsertOptions = Pick<Source, "on_duplicate" | "lead" | "name"> & {
  submissionId: string;
  /** When the submission arrived (ms since the epoch). */
  receivedAt: number;
  /** An earlier attempt may have written to Close (a retry, a redelivered or replayed message). */
  resumed: boolean;
};

/** How far apart Close's clock and ours may be when telling our contact from an older one. */
const CLOCK_SKEW_MS = 5 * 60_000;

/** Saves progress (to the submission log in queue mode; in memory in sync mode). */
export type SaveProgress = (progress: UpsertProgress) => Promise<void>;

/** The line that ends every note close-bridge writes: it finds the note again after a lost answer. */
export function noteMarker(submissionId: string, sourceName: string): string {
  return `close-bridge submission ${submissionId} (source: ${sourceName})`;
}

/** The best existing contact: one sharing the first email, then any email, then a phone. */
function pickExisting(found: CloseContact[], draft: ContactDraft): CloseContact | undefined {
  const lower = (s: string) => s.toLowerCase();
  for (const { email } of draft.emails) {
    const match = found.find((c) => c.emails.some((e) => lower(e.email) === lower(email)));
    if (match) return match;
  }
  for (const { phone } of draft.phones) {
    const match = found.find((c) => c.phones.some((p) => p.phone === phone));
    if (match) return match;
  }
  return undefined;
}

async function createContact(
  close: CloseClient,
  draft: ContactDraft,
  options: UpsertOptions,
): Promise<CloseContact> {
  const contact = buildContactBody(draft);
  if (options.lead.startsWith("lead_")) {
    return close.createContact({ ...contact, lead_id: options.lead });
  }
  if (options.lead === "by_company" && draft.lead.name) {
    const lead = await close.findLeadByName(draft.lead.name);
    if (lead) return close.createContact({ ...contact, lead_id: lead.id });
  }
  if (options.lead === "new" || hasLeadDetails(draft)) {
    const lead = await close.createLead(buildLeadBody(draft, contactDisplayName(draft)));
    const created = lead.contacts?.[0];
    if (!created) throw new Error("Close created the lead without its contact");
    return created;
  }
  // No company: Close's own rule makes a new lead named after the contact.
  return close.createContact(contact);
}

/**
 * Creates or updates the submission's contact, lead and note in Close, resuming from `progress`.
 *
 * @example
 * const done = await upsertSubmission(close, draft, { on_duplicate: "update", lead: "by_company", name: "website", submissionId, receivedAt, resumed: false }, {}, save);
 * // => { outcome: "created", contact_id: "cont_...", lead_id: "lead_...", note_id: "acti_..." }
 */
export async function upsertSubmission(
  close: CloseClient,
  submitted: ContactDraft,
  options: UpsertOptions,
  start: UpsertProgress,
  save: SaveProgress,
): Promise<UpsertProgress> {
  let progress = { ...start };
  const draft = await typeCustomFields(close, submitted);

  if (progress.outcome === undefined) {
    // A retry searches even with on_duplicate = "create": its first attempt may have created it.
    const search = options.on_duplicate !== "create" || options.resumed;
    const found = search
      ? await close.findContacts({
          emails: draft.emails.map((e) => e.email),
          phones: draft.phones.map((p) => p.phone),
          fields: ["timezone", ...Object.keys(draft.custom).map((id) => `custom.${id}`)],
        })
      : [];
    const madeSinceArrival = (c: CloseContact) =>
      Date.parse(c.date_created ?? "") >= options.receivedAt - CLOCK_SKEW_MS;
    // With on_duplicate = "create", only a contact made since this submission arrived can be ours.
    const existing = pickExisting(
      options.on_duplicate === "create" ? found.filter(madeSinceArrival) : found,
      draft,
    );
    // On a retry, a contact made since the submission arrived is most likely the first attempt's.
    const ours = existing !== undefined && options.resumed && madeSinceArrival(existing);
    if (existing && options.on_duplicate === "create") {
      progress = {
        ...progress,
        contact_id: existing.id,
        lead_id: existing.lead_id,
        outcome: "created",
      };
    } else if (existing && options.on_duplicate === "skip" && !ours) {
      progress = {
        ...progress,
        contact_id: existing.id,
        lead_id: existing.lead_id,
        outcome: "skipped",
      };
    } else if (existing) {
      const merge = buildContactMerge(existing, draft);
      if (Object.keys(merge).length > 0) await close.updateContact(existing.id, merge);
      progress = {
        ...progress,
        contact_id: existing.id,
        lead_id: existing.lead_id,
        outcome: ours ? "created" : "updated",
      };
    } else {
      const created = await createContact(close, draft, options);
      progress = {
        ...progress,
        contact_id: created.id,
        lead_id: created.lead_id,
        outcome: "created",
      };
    }
    await save(progress);
  }

  const leadId = progress.lead_id;
  if (draft.note && progress.outcome !== "skipped" && !progress.note_id && leadId) {
    const marker = noteMarker(options.submissionId, options.name);
    if (options.resumed) {
      // The first attempt may have added the note and lost the answer: its marker finds it.
      const earlier = (await close.listNotes(leadId)).find((n) => n.note?.includes(marker));
      if (earlier) progress = { ...progress, note_id: earlier.id };
    }
    if (!progress.note_id) {
      const note = await close.createNote({
        lead_id: leadId,
        ...(progress.contact_id ? { contact_id: progress.contact_id } : {}),
        note: `${draft.note}\n\n${marker}`,
      });
      // The caller records the finished delivery (with this id) at once.
      progress = { ...progress, note_id: note.id };
    }
  }
  return progress;
}
