// The search index: its own copy of leads and contacts, which `/data/search/` and the lead
// listing read. Each database write reaches it only `search_lag_ms` later (the lag in force
// when the write was made), in write order: until then searches see the object's previous
// state, or still see it after it was deleted, as a search engine fed asynchronously would.
import type { Clock } from "../clock.ts";
import type { Contact, LeadRecord } from "../records/types.ts";
import type { ObjectChange } from "./changes.ts";
import { ContactStore } from "./contacts.ts";
import { LeadStore } from "./leads.ts";
import { DATABASE_TABLES, PENDING_INDEX_TABLE, SEARCH_INDEX_TABLES } from "./schema.ts";
import { SqlSearchSource } from "./search-source.ts";

type PendingRow = { object_type: string; id: string; body: string | null };

/** What the index needs besides its tables: the lag in force and the time. */
export type SearchIndexOptions = {
  /** The lag in force for a write made now (`search_lag_ms`). */
  readLagMs: () => number;
  /** Milliseconds since the epoch; injectable so that tests can move time. */
  now: Clock;
};

/** The search index and the writes still on their way to it. */
export class SearchIndex {
  /** The contacts as search sees them. */
  readonly contacts: ContactStore;
  /** The leads as search sees them. */
  readonly leads: LeadStore;
  /** The lookups the search evaluator runs against the index. */
  readonly source: SqlSearchSource;
  readonly #sql: SqlStorage;
  readonly #options: SearchIndexOptions;

  constructor(sql: SqlStorage, options: SearchIndexOptions) {
    this.#sql = sql;
    this.#options = options;
    this.contacts = new ContactStore(sql, SEARCH_INDEX_TABLES);
    this.leads = new LeadStore(sql, SEARCH_INDEX_TABLES);
    this.source = new SqlSearchSource(sql, SEARCH_INDEX_TABLES);
  }

  /**
   * Schedules a database write to reach the index after the lag in force, and never before a
   * write made earlier. With no lag and nothing pending it is indexed at once.
   */
  record(change: ObjectChange): void {
    const now = this.#options.now();
    const lag = this.#options.readLagMs();
    const { latest } = this.#sql
      .exec<{ latest: number | null }>(
        `SELECT max(visible_at) AS latest FROM ${PENDING_INDEX_TABLE}`,
      )
      .one();
    if (lag === 0 && latest === null) {
      this.#apply(change);
      return;
    }
    this.#sql.exec(
      `INSERT INTO ${PENDING_INDEX_TABLE} (object_type, id, body, visible_at) VALUES (?, ?, ?, ?)`,
      change.type,
      change.id,
      change.body === null ? null : JSON.stringify(change.body),
      Math.max(now + lag, latest ?? 0),
    );
  }

  /** Indexes, in write order, every pending write whose time has come. Call before reading. */
  catchUp(): void {
    const rows = this.#sql
      .exec<PendingRow & { seq: number }>(
        `SELECT seq, object_type, id, body FROM ${PENDING_INDEX_TABLE} WHERE visible_at <= ? ORDER BY seq`,
        this.#options.now(),
      )
      .toArray();
    for (const row of rows) {
      this.#apply(readPendingRow(row));
      this.#sql.exec(`DELETE FROM ${PENDING_INDEX_TABLE} WHERE seq = ?`, row.seq);
    }
  }

  /** Brings every pending write forward to at most `lagMs` from now (a lag that shrank). */
  shortenLag(lagMs: number): void {
    this.#sql.exec(
      `UPDATE ${PENDING_INDEX_TABLE} SET visible_at = min(visible_at, ?)`,
      this.#options.now() + lagMs,
    );
  }

  /** How many database writes have not reached the index yet. */
  countPending(): number {
    return this.#sql
      .exec<{ pending: number }>(`SELECT count(*) AS pending FROM ${PENDING_INDEX_TABLE}`)
      .one().pending;
  }

  /**
   * Copies the database into an index that has never been filled (a simulator whose state
   * predates the index); does nothing once the index or its pending writes hold anything.
   */
  fillFromDatabase(): void {
    const { used } = this.#sql
      .exec<{ used: number }>(
        `SELECT EXISTS (SELECT 1 FROM ${SEARCH_INDEX_TABLES.leads})
             OR EXISTS (SELECT 1 FROM ${SEARCH_INDEX_TABLES.contacts})
             OR EXISTS (SELECT 1 FROM ${PENDING_INDEX_TABLE}) AS used`,
      )
      .one();
    if (used) return;
    const copies: [string, string, string][] = [
      [DATABASE_TABLES.leads, SEARCH_INDEX_TABLES.leads, "id, name_lower, body"],
      [DATABASE_TABLES.contacts, SEARCH_INDEX_TABLES.contacts, "id, lead_id, body"],
      [
        DATABASE_TABLES.contactEmails,
        SEARCH_INDEX_TABLES.contactEmails,
        "contact_id, email_lower, type_lower",
      ],
      [
        DATABASE_TABLES.contactPhones,
        SEARCH_INDEX_TABLES.contactPhones,
        "contact_id, phone, type_lower",
      ],
    ];
    for (const [from, to, columns] of copies) {
      this.#sql.exec(
        `INSERT INTO ${to} (${columns}) SELECT ${columns} FROM ${from} ORDER BY rowid`,
      );
    }
  }

  #apply(change: ObjectChange): void {
    if (change.type === "contact") writeLatest(this.contacts, change.id, change.body);
    else writeLatest(this.leads, change.id, change.body);
  }
}

/** The writes the index makes to one of its tables. */
type IndexTable<T> = {
  find(id: string): T | null;
  insert(object: T): void;
  replace(object: T): void;
  delete(id: string): void;
};

/** Makes the indexed object `id` be `body` (absent when null), whatever it was before. */
function writeLatest<T>(table: IndexTable<T>, id: string, body: T | null): void {
  const indexed = table.find(id) !== null;
  if (body === null) {
    if (indexed) table.delete(id);
  } else if (indexed) table.replace(body);
  else table.insert(body);
}

// Pending bodies are written only by record() from validated objects.
function readPendingRow(row: PendingRow): ObjectChange {
  const body: unknown = row.body === null ? null : JSON.parse(row.body);
  return row.object_type === "contact"
    ? { type: "contact", id: row.id, body: body as Contact | null }
    : { type: "lead", id: row.id, body: body as LeadRecord | null };
}
