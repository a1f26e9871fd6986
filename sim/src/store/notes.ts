// The notes table (note activities on leads).
import type { Note } from "../records/types.ts";
import { type Page, type PageRequest, toPage } from "./page.ts";

type BodyRow = { body: string };

// Bodies are written only by this class from validated objects.
const parseNote = (row: BodyRow): Note => JSON.parse(row.body) as Note;

/** Which notes a list asks for; each list is "any of these ids". */
export type NoteFilter = { ids?: string[]; leadIds?: string[]; contactIds?: string[] };

/** Reads and writes notes. */
export class NoteStore {
  readonly #sql: SqlStorage;

  constructor(sql: SqlStorage) {
    this.#sql = sql;
  }

  /** Stores a new note. */
  insert(note: Note): void {
    this.#sql.exec(
      "INSERT INTO notes (id, lead_id, contact_id, body) VALUES (?, ?, ?, ?)",
      note.id,
      note.lead_id,
      note.contact_id,
      JSON.stringify(note),
    );
  }

  /** Overwrites a stored note with its new version. */
  replace(note: Note): void {
    this.#sql.exec(
      "UPDATE notes SET contact_id = ?, body = ? WHERE id = ?",
      note.contact_id,
      JSON.stringify(note),
      note.id,
    );
  }

  /** Returns the note with `id`, or null. */
  find(id: string): Note | null {
    const row = this.#sql.exec<BodyRow>("SELECT body FROM notes WHERE id = ?", id).toArray()[0];
    return row ? parseNote(row) : null;
  }

  /** Returns one page of notes, newest first as Close lists activities. */
  list(page: PageRequest, filter: NoteFilter): Page<Note> {
    // json_each keeps the statement at a fixed number of bound parameters, whatever the
    // length of the id lists (Durable Object SQLite caps bound parameters per statement).
    const rows = this.#sql.exec<BodyRow>(
      `SELECT body FROM notes
       WHERE (? IS NULL OR id IN (SELECT value FROM json_each(?)))
         AND (? IS NULL OR lead_id IN (SELECT value FROM json_each(?)))
         AND (? IS NULL OR contact_id IN (SELECT value FROM json_each(?)))
       ORDER BY rowid DESC LIMIT ? OFFSET ?`,
      ...bindIdList(filter.ids),
      ...bindIdList(filter.leadIds),
      ...bindIdList(filter.contactIds),
      page.limit + 1,
      page.skip,
    );
    return toPage(rows.toArray().map(parseNote), page);
  }

  /** Returns every note, oldest first. */
  listAll(): Note[] {
    return this.#sql
      .exec<BodyRow>("SELECT body FROM notes ORDER BY rowid")
      .toArray()
      .map(parseNote);
  }

  /** Deletes one note. */
  delete(id: string): void {
    this.#sql.exec("DELETE FROM notes WHERE id = ?", id);
  }

  /** Deletes every note of a lead. */
  deleteByLead(leadId: string): void {
    this.#sql.exec("DELETE FROM notes WHERE lead_id = ?", leadId);
  }
}

function bindIdList(ids: string[] | undefined): [string | null, string] {
  return ids === undefined ? [null, "[]"] : ["filter", JSON.stringify(ids)];
}
