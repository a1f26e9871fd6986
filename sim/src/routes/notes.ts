// `/activity/note/`: note activities on leads (create, list by id, lead or contact, read,
// update, delete).
import type { Hono } from "hono";
import { API_PREFIX, type AppEnv, type SimulatorDeps } from "../app-env.ts";
import { formatCloseTimestamp } from "../clock.ts";
import { objectNotFoundError, validationError } from "../errors.ts";
import { presentPage, readFieldSelection, readPageRequest, selectFields } from "../pagination.ts";
import { FIELDS_PARAMETER, LIST_PARAMETERS, readIdList, readQuery } from "../query.ts";
import { buildNote, updateNote } from "../records/note.ts";
import type { Note } from "../records/types.ts";
import { requireJsonObject } from "../request-body.ts";
import { parseNoteInput, parseNoteUpdate } from "../validate.ts";
import { refuseOtherMethods } from "./allowed-methods.ts";

const COLLECTION = `${API_PREFIX}/activity/note`;
const ITEM = `${COLLECTION}/:id`;

// Close also filters notes by user, organization, type and dates; the simulator does not, so
// those parameters are refused rather than ignored.
const LIST_FILTERS = ["id__in", "lead_id", "contact_id"] as const;

/** Registers the note endpoints. */
export function registerNoteRoutes(app: Hono<AppEnv>, deps: SimulatorDeps): void {
  app.get(COLLECTION, (c) => {
    const query = readQuery(c, [...LIST_PARAMETERS, ...LIST_FILTERS]);
    const page = deps.notes.list(readPageRequest(query), {
      ids: readIdList(query, "id__in"),
      leadIds: readIdList(query, "lead_id"),
      contactIds: readIdList(query, "contact_id"),
    });
    return c.json(presentPage(page, readFieldSelection(query)));
  });

  app.post(COLLECTION, (c) => {
    const query = readQuery(c, FIELDS_PARAMETER);
    const parsed = parseNoteInput(requireJsonObject(c.get("requestBody")));
    if (!parsed.ok) throw validationError(parsed.errors);
    const input = parsed.value;
    if (!deps.leads.find(input.lead_id)) throw validationError({ lead: "Object does not exist." });
    checkContactOfLead(deps, input.contact_id, input.lead_id);
    const note = buildNote(input, formatCloseTimestamp());
    deps.transact(() => deps.notes.insert(note));
    return c.json(selectFields(note, readFieldSelection(query)));
  });

  refuseOtherMethods(app, COLLECTION, ["GET", "POST"]);

  app.get(ITEM, (c) => {
    const query = readQuery(c, FIELDS_PARAMETER);
    const note = findNoteOrThrow(deps, c.req.param("id"));
    return c.json(selectFields(note, readFieldSelection(query)));
  });

  app.put(ITEM, (c) => {
    const query = readQuery(c, FIELDS_PARAMETER);
    const existing = findNoteOrThrow(deps, c.req.param("id"));
    const parsed = parseNoteUpdate(requireJsonObject(c.get("requestBody")));
    if (!parsed.ok) throw validationError(parsed.errors);
    const contactId = parsed.value.contact_id;
    if (contactId !== undefined) checkContactOfLead(deps, contactId, existing.lead_id);
    const updated = updateNote(existing, parsed.value, formatCloseTimestamp());
    deps.transact(() => deps.notes.replace(updated));
    return c.json(selectFields(updated, readFieldSelection(query)));
  });

  app.delete(ITEM, (c) => {
    readQuery(c, []);
    const note = findNoteOrThrow(deps, c.req.param("id"));
    deps.transact(() => deps.notes.delete(note.id));
    return c.json({});
  });

  refuseOtherMethods(app, ITEM, ["GET", "PUT", "DELETE"]);
}

function findNoteOrThrow(deps: SimulatorDeps, id: string): Note {
  const note = deps.notes.find(id);
  if (!note) throw objectNotFoundError("Note");
  return note;
}

/** Refuses a note's contact that does not exist or belongs to another lead. */
function checkContactOfLead(deps: SimulatorDeps, contactId: string | null, leadId: string): void {
  if (contactId === null) return;
  const contact = deps.contacts.find(contactId);
  if (!contact) throw validationError({ contact: "Object does not exist." });
  if (contact.lead_id !== leadId) {
    throw validationError({ contact: "The contact does not belong to this lead." });
  }
}
