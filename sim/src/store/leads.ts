// A leads table: the database's (which tells the search index of each write) or the search
// index's own. A lead's contacts are not part of its row: they are read from the contacts
// table beside it when the lead is answered.
import type { LeadRecord } from "../records/types.ts";
import type { ChangeListener } from "./changes.ts";
import { type Page, type PageRequest, toPage } from "./page.ts";
import { DATABASE_TABLES, type ObjectTables } from "./schema.ts";

type BodyRow = { body: string };

// Bodies are written only by this class from validated objects.
const parseLead = (row: BodyRow): LeadRecord => JSON.parse(row.body) as LeadRecord;

/** Reads and writes leads. */
export class LeadStore {
  readonly #sql: SqlStorage;
  readonly #table: string;
  readonly #onChange: ChangeListener | undefined;

  /** A store over `tables` (the database's by default) that tells `onChange` of each write. */
  constructor(sql: SqlStorage, tables: ObjectTables = DATABASE_TABLES, onChange?: ChangeListener) {
    this.#sql = sql;
    this.#table = tables.leads;
    this.#onChange = onChange;
  }

  /** Stores a new lead. */
  insert(lead: LeadRecord): void {
    this.#sql.exec(
      `INSERT INTO ${this.#table} (id, name_lower, body) VALUES (?, ?, ?)`,
      lead.id,
      lead.name?.toLowerCase() ?? null,
      JSON.stringify(lead),
    );
    this.#onChange?.({ type: "lead", id: lead.id, body: lead });
  }

  /** Overwrites a stored lead with its new version. */
  replace(lead: LeadRecord): void {
    this.#sql.exec(
      `UPDATE ${this.#table} SET name_lower = ?, body = ? WHERE id = ?`,
      lead.name?.toLowerCase() ?? null,
      JSON.stringify(lead),
      lead.id,
    );
    this.#onChange?.({ type: "lead", id: lead.id, body: lead });
  }

  /** Returns the lead with `id`, or null. */
  find(id: string): LeadRecord | null {
    const row = this.#sql
      .exec<BodyRow>(`SELECT body FROM ${this.#table} WHERE id = ?`, id)
      .toArray()[0];
    return row ? parseLead(row) : null;
  }

  /** Returns one page of leads, oldest first. */
  list(page: PageRequest): Page<LeadRecord> {
    const rows = this.#sql.exec<BodyRow>(
      `SELECT body FROM ${this.#table} ORDER BY rowid LIMIT ? OFFSET ?`,
      page.limit + 1,
      page.skip,
    );
    return toPage(rows.toArray().map(parseLead), page);
  }

  /** Returns every lead, oldest first. */
  listAll(): LeadRecord[] {
    return this.#sql
      .exec<BodyRow>(`SELECT body FROM ${this.#table} ORDER BY rowid`)
      .toArray()
      .map(parseLead);
  }

  /** Returns the leads whose ids are in `ids`, oldest first. */
  listByIds(ids: string[]): LeadRecord[] {
    return this.#sql
      .exec<BodyRow>(
        `SELECT body FROM ${this.#table} WHERE id IN (SELECT value FROM json_each(?)) ORDER BY rowid`,
        JSON.stringify(ids),
      )
      .toArray()
      .map(parseLead);
  }

  /** Deletes one lead (its contacts and notes are the caller's to delete). */
  delete(id: string): void {
    this.#sql.exec(`DELETE FROM ${this.#table} WHERE id = ?`, id);
    this.#onChange?.({ type: "lead", id, body: null });
  }
}
