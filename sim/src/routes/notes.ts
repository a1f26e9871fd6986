// `/activity/note/`: note activities on leads (create, list by lead or contact, read, delete).
import type { Hono } from "hono";
import { API_PREFIX, type AppEnv, type SimulatorDeps } from "../app-env.ts";
import { formatCloseTimestamp } from "../clock.ts";
import { objectNotFoundError, validationError } from "../errors.ts";
import { presentPage, readFieldSelection, readPageRequest, selectFields } from "../pagination.ts";
import { buildNote } from "../records/note.ts";
import { requireJsonObject } from "../request-body.ts";
import { parseNoteInput } from "../validate.ts";
import { refuseOtherMethods } from "./allowed-methods.ts";

const COLLECTION = `${API_PREFIX}/activity/note`;
const ITEM = `${COLLECTION}/:id`;

/** Registers the note endpoints. */
export function registerNoteRoutes(app: Hono<AppEnv>, deps: SimulatorDeps): void {
  app.get(COLLECTION, (c) => {
    const query = new URL(c.req.url).searchParams;
    const page = deps.notes.list(readPageRequest(query), {
      leadIds: readIdList(query, "lead_id"),
      contactIds: readIdList(query, "contact_id"),
    });
    return c.json(presentPage(page, readFieldSelection(query)));
  });

  app.post(COLLECTION, (c) => {
    const parsed = parseNoteInput(requireJsonObject(c.get("requestBody")));
    if (!parsed.ok) throw validationError(parsed.errors);
    const input = parsed.value;
    if (!deps.leads.find(input.lead_id)) throw validationError({ lead: "Object does not exist." });
    if (input.contact_id !== null) {
      const contact = deps.contacts.find(input.contact_id);
      if (!contact) throw validationError({ contact: "Object does not exist." });
      if (contact.lead_id !== input.lead_id) {
        throw validationError({ contact: "The contact does not belong to this lead." });
      }
    }
    const note = buildNote(input, formatCloseTimestamp());
    deps.transact(() => deps.notes.insert(note));
    const fields = readFieldSelection(new URL(c.req.url).searchParams);
    return c.json(selectFields(note, fields));
  });

  refuseOtherMethods(app, COLLECTION, ["GET", "POST"]);

  app.get(ITEM, (c) => {
    const note = deps.notes.find(c.req.param("id"));
    if (!note) throw objectNotFoundError("Note");
    const fields = readFieldSelection(new URL(c.req.url).searchParams);
    return c.json(selectFields(note, fields));
  });

  app.delete(ITEM, (c) => {
    const note = deps.notes.find(c.req.param("id"));
    if (!note) throw objectNotFoundError("Note");
    deps.transact(() => deps.notes.delete(note.id));
    return c.json({});
  });

  refuseOtherMethods(app, ITEM, ["GET", "DELETE"]);
}

/** Reads a comma-separated id filter such as `lead_id=lead_a,lead_b`. */
function readIdList(query: URLSearchParams, name: string): string[] | undefined {
  const raw = query.get(name);
  if (raw === null) return undefined;
  return raw
    .split(",")
    .map((id) => id.trim())
    .filter((id) => id.length > 0);
}
