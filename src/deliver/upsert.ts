// The upsert (SPEC section 1, "Upsert in Close"): find the contact by email, then phone;
// update, skip or create it; find or create its lead; add the note. It is resumable: the
// contact's ids are saved as soon as Close gives them (the note's id by the caller, at once),
// and on a retry a write whose answer never came is looked for before it is sent again: the
// contact among the contacts of the lead it was put on (read by id) or else by its email or
// phone, the note among its lead's notes by the submission id it ends with. Close's search may
// lag behind its writes, so nothing here trusts it to show a write of the last moments: the
// caller retries a lost write only after `SEARCH_SETTLE_S`, contacts are read by id before
// being changed, and a company's lead is created by one delivery at a time (`CompanyLeads`).
import type { CloseClient } from "../close/client.ts";
import { CloseError } from "../close/error.ts";
import type { CloseContact } from "../close/schemas.ts";
import type { Source } from "../config/load.ts";
import { logEvent } from "../log.ts";
import type { SourceRouting } from "../map/routing.ts";
import type { CompanyLeads } from "../store/company-leads.ts";
import type { Outcome, UpsertProgress } from "../store/submissions.ts";
import type { ContactDraft } from "../validate/draft.ts";
import {
  buildContactBody,
  buildContactMerge,
  buildLeadBody,
  contactDisplayName,
  hasLeadDetails,
} from "./close-bodies.ts";
import { typeCustomFields } from "./custom-fields.ts";
import { type OwnerTurns, routeSubmission } from "./routing.ts";

/** Another delivery is finding or creating the company's lead: this one comes back later. */
export class CompanyBusy extends Error {
  readonly retryAfterS: number;
  constructor(retryAfterS: number) {
    super("Another delivery is creating the company's lead");
    this.name = "CompanyBusy";
    this.retryAfterS = retryAfterS;
  }
}

/** The source options the upsert follows. */
export type UpsertOptions = Pick<Source, "on_duplicate" | "lead" | "name" | "invalid_phone"> & {
  submissionId: string;
  /** When the submission arrived (ms since the epoch). */
  receivedAt: number;
  /** An earlier attempt may have written to Close (a retry, a redelivered or replayed message). */
  resumed: boolean;
  /** The remembered company leads; without them a company's lead is found by search alone. */
  companies?: CompanyLeads;
  /** What the source routes in Close after the note, and the owner rotation's turns. */
  routing?: { plan: SourceRouting; turns: OwnerTurns };
};

/** A contact the upsert created, and whether its lead was created with it (routing needs to know). */
type Created = { contact: CloseContact; leadCreated: boolean };

/** A contact created on a lead that already existed. */
const joined = (contact: CloseContact): Created => ({ contact, leadCreated: false });

/** How far apart Close's clock and ours may be when telling our contact from an older one. */
const CLOCK_SKEW_MS = 5 * 60_000;

/** Pages of a lead's notes a resumed delivery reads at most when looking for its own note. */
const MAX_NOTE_PAGES = 20;

/** Saves progress (to the submission log in queue mode; in memory in sync mode). */
export type SaveProgress = (progress: UpsertProgress) => Promise<void>;

/**
 * Whether a failed step may have written to Close unseen: a write whose answer was lost, or a
 * failure of our own (a log write, an unknown error) after Close may have answered.
 */
export function mayHaveWritten(error: unknown): boolean {
  return error instanceof CloseError ? error.ambiguous : !(error instanceof CompanyBusy);
}

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

/** Whether Close refused a contact write for its phones (its validation is fuller than ours). */
function isPhoneRefusal(error: unknown): boolean {
  if (!(error instanceof CloseError) || error.kind !== "rejected") return false;
  const { phones, contacts } = error.fieldErrors;
  return phones !== undefined || (typeof contacts === "string" && /phone/i.test(contacts));
}

/** Whether Close refused a contact because its lead no longer exists. */
function isMissingLead(error: unknown): boolean {
  return (
    error instanceof CloseError && error.kind === "rejected" && error.fieldErrors.lead !== undefined
  );
}

/** The draft without its phones, each moved into the note as `invalid_phone = "drop"` does. */
function dropPhones(draft: ContactDraft): ContactDraft {
  const lines = draft.phones.map(
    ({ phone }) => `phone (refused by Close, not added to the contact): ${phone}`,
  );
  return {
    ...draft,
    phones: [],
    note: [draft.note, lines.join("\n")].filter((part) => part).join("\n\n"),
  };
}

/**
 * Runs a contact write; when Close refuses a phone that the bridge's own check accepted, follows
 * the source's `invalid_phone`: `reject` fails (the submission goes dead with Close's reason),
 * otherwise the write is sent once more without the phones, which go into the note instead.
 * Answers the write's result and the draft it was made from.
 */
async function writeWithPhones<T>(
  draft: ContactDraft,
  options: UpsertOptions,
  write: (draft: ContactDraft) => Promise<T>,
): Promise<{ result: T; draft: ContactDraft }> {
  try {
    return { result: await write(draft), draft };
  } catch (error) {
    const reachable = draft.emails.length > 0;
    if (!isPhoneRefusal(error) || options.invalid_phone === "reject" || !reachable) throw error;
    logEvent("warn", "delivery.phone_refused", {
      submission_id: options.submissionId,
      source: options.name,
      action: "sent without the phones, which are in the note",
    });
    const withoutPhones = dropPhones(draft);
    return { result: await write(withoutPhones), draft: withoutPhones };
  }
}

/** `POST /lead/` with the contact nested in it: the new lead's contact. */
async function createLeadWithContact(close: CloseClient, draft: ContactDraft): Promise<Created> {
  const lead = await close.createLead(buildLeadBody(draft, contactDisplayName(draft)));
  const created = lead.contacts?.[0];
  if (!created) throw new Error("Close created the lead without its contact");
  return { contact: created, leadCreated: true };
}

/**
 * Creates the contact on its company's lead: the one close-bridge remembers, else the one Close's
 * search finds, else a new lead with the contact in it. One delivery at a time looks for and
 * creates a company's lead; the others wait for it (`CompanyBusy`).
 */
async function createInCompany(
  close: CloseClient,
  draft: ContactDraft,
  options: UpsertOptions,
  company: string,
  companies: CompanyLeads,
  retried = false,
): Promise<Created> {
  const contact = buildContactBody(draft);
  const claim = await companies.claim(company);
  if (claim.kind === "busy") throw new CompanyBusy(claim.retryAfterS);
  if (claim.kind === "known") {
    try {
      return joined(await close.createContact({ ...contact, lead_id: claim.leadId }));
    } catch (error) {
      if (!isMissingLead(error) || retried) throw error;
      // The lead was merged or deleted in Close since: find or create the company's lead anew.
      await companies.forget(company, claim.leadId);
      return createInCompany(close, draft, options, company, companies, true);
    }
  }
  try {
    // Held: any lead of this company that close-bridge created was remembered, or its hold ended
    // long enough ago for Close's search to show it.
    const lead = await close.findLeadByName(company);
    if (lead) {
      await companies.remember(company, lead.id);
      return joined(await close.createContact({ ...contact, lead_id: lead.id }));
    }
    const created = await createLeadWithContact(close, draft);
    await companies.remember(company, created.contact.lead_id);
    return created;
  } catch (error) {
    await companies.release(company, mayHaveWritten(error)).catch(() => {
      // The hold then lasts until the delivery's lease ends: later, never twice.
    });
    throw error;
  }
}

async function createContact(
  close: CloseClient,
  draft: ContactDraft,
  options: UpsertOptions,
): Promise<Created> {
  const contact = buildContactBody(draft);
  if (options.lead.startsWith("lead_")) {
    return joined(await close.createContact({ ...contact, lead_id: options.lead }));
  }
  const company = options.lead === "by_company" ? draft.lead.name : undefined;
  if (company && options.companies) {
    return createInCompany(close, draft, options, company, options.companies);
  }
  if (company) {
    const lead = await close.findLeadByName(company);
    if (lead) return joined(await close.createContact({ ...contact, lead_id: lead.id }));
  }
  if (options.lead === "new" || hasLeadDetails(draft)) return createLeadWithContact(close, draft);
  // No company: Close's own rule makes a new lead named after the contact.
  return { contact: await close.createContact(contact), leadCreated: true };
}

/** The lead an earlier attempt put the contact on, when it is known without searching. */
async function knownLeadOf(
  draft: ContactDraft,
  options: UpsertOptions,
): Promise<string | undefined> {
  if (options.lead.startsWith("lead_")) return options.lead;
  if (options.lead === "by_company" && draft.lead.name && options.companies) {
    return options.companies.find(draft.lead.name);
  }
  return undefined;
}

/** A contact step's result: the progress, and the draft as sent (without refused phones). */
type ContactStep = { progress: UpsertProgress; draft: ContactDraft };

/** Whether Close made `contact` since the submission arrived (so it may be this one's). */
function madeSinceArrival(contact: CloseContact, options: UpsertOptions): boolean {
  return Date.parse(contact.date_created ?? "") >= options.receivedAt - CLOCK_SKEW_MS;
}

/**
 * On a retry, the contact an earlier attempt created: where its lead is known, the lead's
 * contacts (read by id, never behind the search) show it.
 */
async function findOwnContact(
  close: CloseClient,
  draft: ContactDraft,
  options: UpsertOptions,
): Promise<CloseContact | undefined> {
  const leadId = await knownLeadOf(draft, options);
  const lead = leadId ? await close.getLead(leadId).catch(ignoreMissing) : undefined;
  const made = (lead?.contacts ?? []).filter((c) => madeSinceArrival(c, options));
  return pickExisting(made, draft);
}

/** The existing contact to update or skip, found by email, then phone (per `on_duplicate`). */
async function findExisting(
  close: CloseClient,
  draft: ContactDraft,
  options: UpsertOptions,
): Promise<CloseContact | undefined> {
  // A retry searches even with on_duplicate = "create": its first attempt may have created it.
  if (options.on_duplicate === "create" && !options.resumed) return undefined;
  const found = await close.findContacts({
    emails: draft.emails.map((e) => e.email),
    phones: draft.phones.map((p) => p.phone),
    fields: ["timezone", ...Object.keys(draft.custom).map((id) => `custom.${id}`)],
  });
  // With on_duplicate = "create", only a contact made since this submission arrived can be ours.
  const candidates =
    options.on_duplicate === "create" ? found.filter((c) => madeSinceArrival(c, options)) : found;
  return pickExisting(candidates, draft);
}

/** Adds what the draft has and the contact lacks; nothing is sent when nothing changes. */
async function mergeInto(
  close: CloseClient,
  existing: CloseContact,
  draft: ContactDraft,
  options: UpsertOptions,
  outcome: Outcome,
): Promise<ContactStep> {
  // The contact as it is now: a search result may lag behind its latest change, and a list sent
  // back from it would drop what that change added.
  const current = await close.getContact(existing.id);
  const progress = { contact_id: current.id, lead_id: current.lead_id, outcome };
  if (Object.keys(buildContactMerge(current, draft)).length === 0) return { progress, draft };
  const { draft: sent } = await writeWithPhones(draft, options, async (d) => {
    const merge = buildContactMerge(current, d);
    if (Object.keys(merge).length > 0) await close.updateContact(current.id, merge);
  });
  return { progress, draft: sent };
}

/** Contact step: finds, updates, skips or creates the contact. */
async function upsertContact(
  close: CloseClient,
  draft: ContactDraft,
  options: UpsertOptions,
): Promise<ContactStep> {
  const done = (contact: CloseContact, outcome: Outcome): ContactStep => ({
    progress: { contact_id: contact.id, lead_id: contact.lead_id, outcome },
    draft,
  });
  if (options.resumed) {
    const mine = await findOwnContact(close, draft, options);
    if (mine) return done(mine, "created");
  }
  const existing = await findExisting(close, draft, options);
  if (!existing) {
    const { result, draft: sent } = await writeWithPhones(draft, options, (d) =>
      createContact(close, d, options),
    );
    const { contact, leadCreated } = result;
    return {
      progress: {
        contact_id: contact.id,
        lead_id: contact.lead_id,
        outcome: "created",
        routing: { lead_new: leadCreated },
      },
      draft: sent,
    };
  }
  // On a retry, a contact made since the submission arrived is most likely the first attempt's.
  const ours = options.resumed && madeSinceArrival(existing, options);
  if (options.on_duplicate === "create") return done(existing, "created");
  if (options.on_duplicate === "skip" && !ours) return done(existing, "skipped");
  return mergeInto(close, existing, draft, options, ours ? "created" : "updated");
}

/** A record that is gone (404) reads as none. */
function ignoreMissing(error: unknown): undefined {
  if (error instanceof CloseError && error.kind === "not_found") return undefined;
  throw error;
}

/**
 * The note an earlier attempt added, found by its marker among the notes of its lead (and
 * contact), newest first, back to the submission's arrival.
 */
async function findOwnNote(
  close: CloseClient,
  progress: UpsertProgress,
  marker: string,
  receivedAt: number,
): Promise<string | undefined> {
  const leadId = progress.lead_id;
  if (!leadId) return undefined;
  for (let page = 0; page < MAX_NOTE_PAGES; page++) {
    const { notes, more } = await close.listNotes(leadId, {
      ...(progress.contact_id ? { contactId: progress.contact_id } : {}),
      skip: page * 100,
    });
    const mine = notes.find((n) => n.note?.includes(marker));
    if (mine) return mine.id;
    const oldest = Date.parse(notes.at(-1)?.date_created ?? "");
    if (!more || oldest < receivedAt - CLOCK_SKEW_MS) return undefined;
  }
  return undefined;
}

/**
 * Creates or updates the submission's contact, lead and note in Close, resuming from `progress`.
 *
 * @example
 * const done = await upsertSubmission(close, draft, { on_duplicate: "update", lead: "by_company", invalid_phone: "drop", name: "website", submissionId, receivedAt, resumed: false }, {}, save);
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
  let draft = await typeCustomFields(close, submitted);

  if (progress.outcome === undefined) {
    const step = await upsertContact(close, draft, options);
    draft = step.draft;
    const routing = { ...progress.routing, ...step.progress.routing };
    progress = { ...progress, ...step.progress, routing };
    await save(progress);
  }

  if (draft.note && progress.outcome !== "skipped" && !progress.note_id && progress.lead_id) {
    // The caller records the finished delivery (with the note's id) at once; or routing, which
    // follows, before it starts.
    const noteId = await addNote(close, draft.note, progress.lead_id, progress, options);
    progress = { ...progress, note_id: noteId };
    if (options.routing) await save(progress);
  }

  if (options.routing) {
    const routing = await routeSubmission(
      close,
      draft,
      {
        source: options.name,
        submissionId: options.submissionId,
        receivedAt: options.receivedAt,
        resumed: options.resumed,
        marker: noteMarker(options.submissionId, options.name),
        ...options.routing,
      },
      progress,
      async (step) => {
        progress = { ...progress, routing: step };
        await save(progress);
      },
    );
    progress = { ...progress, routing };
  }
  return progress;
}

/** Note step: adds the note to the lead, unless an earlier attempt did (its marker finds it). */
async function addNote(
  close: CloseClient,
  text: string,
  leadId: string,
  progress: UpsertProgress,
  options: UpsertOptions,
): Promise<string> {
  const marker = noteMarker(options.submissionId, options.name);
  if (options.resumed) {
    // The first attempt may have added the note and lost the answer: its marker finds it.
    const earlier = await findOwnNote(close, progress, marker, options.receivedAt);
    if (earlier) return earlier;
  }
  const note = await close.createNote({
    lead_id: leadId,
    ...(progress.contact_id ? { contact_id: progress.contact_id } : {}),
    note: `${text}\n\n${marker}`,
  });
  return note.id;
}
