// The upsert (SPEC section 1, "Upsert in Close"): find the contact by email, then phone;
// update, skip or create it; find or create its lead; add the note. It is resumable: progress
// is saved after every Close answer, and a write whose answer never came is looked for before
// it is sent again, so a retry or a redelivered message never makes a second contact or note.
import type { CloseClient } from "../close/client.ts";
import type { CloseContact } from "../close/schemas.ts";
import type { Source } from "../config/load.ts";
import type { ContactDraft } from "../validate/draft.ts";
import {
  buildContactBody,
  buildContactMerge,
  buildLeadBody,
  contactDisplayName,
  hasLeadDetails,
} from "./close-bodies.ts";
import { typeCustomFields } from "./custom-fields.ts";

/** What an upsert did. */
export type Outcome = "created" | "updated" | "skipped";

/** How far an upsert got: saved after each step, resumed from on a retry. */
export type UpsertProgress = {
  contact_id?: string;
  lead_id?: string;
  note_id?: string;
  outcome?: Outcome;
  /** A write that was sent but whose answer was not recorded yet. */
  pending?: "contact" | "note";
};

/** The source options the upsert follows. */
export type UpsertOptions = Pick<Source, "on_duplicate" | "lead" | "name"> & {
  submissionId: string;
  /** When the submission arrived (ms since the epoch). */
  receivedAt: number;
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
 * const done = await upsertSubmission(close, draft, { on_duplicate: "update", lead: "by_company", name: "website", submissionId }, {}, save);
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
  const advance = async (change: Partial<UpsertProgress>) => {
    progress = { ...progress, ...change };
    if (change.pending === undefined && "pending" in change) delete progress.pending;
    await save(progress);
  };

  if (progress.outcome === undefined) {
    const resuming = progress.pending === "contact";
    const search = options.on_duplicate !== "create" || resuming;
    const found = search
      ? await close.findContacts({
          emails: draft.emails.map((e) => e.email),
          phones: draft.phones.map((p) => p.phone),
          fields: ["timezone", ...Object.keys(draft.custom).map((id) => `custom.${id}`)],
        })
      : [];
    // With on_duplicate = "create", only a contact made since this submission arrived can be ours.
    const candidates =
      options.on_duplicate === "create"
        ? found.filter(
            (c) => Date.parse(c.date_created ?? "") >= options.receivedAt - CLOCK_SKEW_MS,
          )
        : found;
    const existing = pickExisting(candidates, draft);
    if (existing && resuming) {
      // The create went through earlier; only its answer was lost.
      await advance({
        contact_id: existing.id,
        lead_id: existing.lead_id,
        outcome: "created",
        pending: undefined,
      });
    } else if (existing && options.on_duplicate === "skip") {
      await advance({ contact_id: existing.id, lead_id: existing.lead_id, outcome: "skipped" });
    } else if (existing) {
      const merge = buildContactMerge(existing, draft);
      if (Object.keys(merge).length > 0) await close.updateContact(existing.id, merge);
      await advance({ contact_id: existing.id, lead_id: existing.lead_id, outcome: "updated" });
    } else {
      await advance({ pending: "contact" });
      const created = await createContact(close, draft, options);
      await advance({
        contact_id: created.id,
        lead_id: created.lead_id,
        outcome: "created",
        pending: undefined,
      });
    }
  }

  const leadId = progress.lead_id;
  if (draft.note && progress.outcome !== "skipped" && !progress.note_id && leadId) {
    const marker = noteMarker(options.submissionId, options.name);
    if (progress.pending === "note") {
      const notes = await close.listNotes(leadId);
      const earlier = notes.find((n) => n.note?.includes(marker));
      if (earlier) await advance({ note_id: earlier.id, pending: undefined });
    }
    if (!progress.note_id) {
      await advance({ pending: "note" });
      const note = await close.createNote({
        lead_id: leadId,
        ...(progress.contact_id ? { contact_id: progress.contact_id } : {}),
        note: `${draft.note}\n\n${marker}`,
      });
      await advance({ note_id: note.id, pending: undefined });
    }
  }
  return progress;
}
