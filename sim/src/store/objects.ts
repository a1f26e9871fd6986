// A table of JSON objects by id, for the records that need no search index (tasks, custom
// activities, opportunities, lead statuses): list filters read fields of the stored body.
import { type Page, type PageRequest, toPage } from "./page.ts";

type BodyRow = { body: string };

/** A scalar a filter compares a stored field with. */
export type FilterValue = string | number | boolean | null;

/** One list filter: a field of the body equal to any of `anyOf`, or compared with `value`. */
export type Condition =
  | { field: string; anyOf: readonly FilterValue[] }
  | { field: string; op: "<" | "<=" | ">" | ">="; value: string; orNull?: boolean };

/** How a list is ordered: insertion order, or a field of the body (ties in insertion order). */
export type Order = { field?: string; descending: boolean };

const FIELD_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

function fieldPath(field: string): string {
  // Field names come from the routes' own code, never from a request; checked all the same.
  if (!FIELD_NAME.test(field)) throw new Error(`not a field name: ${field}`);
  return `'$.${field}'`;
}

/** Reads and writes one table of JSON objects, each with the lead it belongs to. */
export class ObjectStore<T extends { id: string }> {
  readonly #sql: SqlStorage;
  readonly #table: string;

  /** A store over `table` (created by the schema). */
  constructor(sql: SqlStorage, table: string) {
    this.#sql = sql;
    this.#table = table;
  }

  /** Stores a new object, under the lead it belongs to (if any). */
  insert(object: T, leadId: string | null): void {
    this.#sql.exec(
      `INSERT INTO ${this.#table} (id, lead_id, body) VALUES (?, ?, ?)`,
      object.id,
      leadId,
      JSON.stringify(object),
    );
  }

  /** Overwrites a stored object with its new version. */
  replace(object: T): void {
    this.#sql.exec(
      `UPDATE ${this.#table} SET body = ? WHERE id = ?`,
      JSON.stringify(object),
      object.id,
    );
  }

  /** The object with `id`, or null. */
  find(id: string): T | null {
    const row = this.#sql
      .exec<BodyRow>(`SELECT body FROM ${this.#table} WHERE id = ?`, id)
      .toArray()[0];
    return row ? (JSON.parse(row.body) as T) : null;
  }

  /** One page of the objects matching every condition, in `order`. */
  list(page: PageRequest, conditions: readonly Condition[], order: Order): Page<T> {
    const { where, values } = buildWhere(conditions);
    const direction = order.descending ? "DESC" : "ASC";
    const orderBy = order.field
      ? `json_extract(body, ${fieldPath(order.field)}) ${direction}, rowid ${direction}`
      : `rowid ${direction}`;
    const rows = this.#sql.exec<BodyRow>(
      `SELECT body FROM ${this.#table} ${where} ORDER BY ${orderBy} LIMIT ? OFFSET ?`,
      ...values,
      page.limit + 1,
      page.skip,
    );
    return toPage(
      rows.toArray().map((row) => JSON.parse(row.body) as T),
      page,
    );
  }

  /** Every object matching every condition, oldest first. */
  listWhere(conditions: readonly Condition[]): T[] {
    const { where, values } = buildWhere(conditions);
    return this.#sql
      .exec<BodyRow>(`SELECT body FROM ${this.#table} ${where} ORDER BY rowid`, ...values)
      .toArray()
      .map((row) => JSON.parse(row.body) as T);
  }

  /** Every object, oldest first. */
  listAll(): T[] {
    return this.listWhere([]);
  }

  /** Deletes every object of a lead. */
  deleteByLead(leadId: string): void {
    this.#sql.exec(`DELETE FROM ${this.#table} WHERE lead_id = ?`, leadId);
  }
}

function buildWhere(conditions: readonly Condition[]): { where: string; values: FilterValue[] } {
  const clauses: string[] = [];
  const values: FilterValue[] = [];
  for (const condition of conditions) {
    const field = `json_extract(body, ${fieldPath(condition.field)})`;
    if ("anyOf" in condition) {
      // json_each keeps the statement at a fixed number of bound parameters, whatever the
      // length of the list (Durable Object SQLite caps bound parameters per statement).
      clauses.push(`${field} IN (SELECT value FROM json_each(?))`);
      values.push(JSON.stringify(condition.anyOf));
    } else {
      clauses.push(
        condition.orNull
          ? `(${field} ${condition.op} ? OR ${field} IS NULL)`
          : `${field} ${condition.op} ?`,
      );
      values.push(condition.value);
    }
  }
  return { where: clauses.length > 0 ? `WHERE ${clauses.join(" AND ")}` : "", values };
}
