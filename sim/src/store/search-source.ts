// The SQL side of `/data/search/`: id lookups on the indexed columns (email, phone, lead
// name) and on JSON fields, and the joins that follow `has_related` relations, over the
// search index's tables.
import type {
  SearchableField,
  SearchObjectType,
  SearchRelation,
  SearchSource,
  StoredId,
} from "../search.ts";
import type { ObjectTables } from "./schema.ts";

type IdRow = { id: StoredId };

type Statements = {
  fields: { [T in SearchObjectType]: Record<SearchableField<T>, string> };
  all: Record<SearchObjectType, string>;
  parents: Record<SearchRelation, string>;
};

/**
 * The statements over one set of tables: one per searchable field, each taking the lowercased
 * (or E.164) value (the return type makes the compiler insist on a statement for every field
 * search.ts allows); every id of a type; and the joins of `has_related`, whose children ids come
 * as one JSON array parameter (json_each), whatever their number.
 */
function prepareStatements(tables: ObjectTables): Statements {
  const { leads, contacts, contactEmails, contactPhones } = tables;
  return {
    fields: {
      lead: {
        id: `SELECT id FROM ${leads} WHERE lower(id) = ?`,
        name: `SELECT id FROM ${leads} WHERE name_lower = ?`,
        description: `SELECT id FROM ${leads} WHERE lower(json_extract(body, '$.description')) = ?`,
        url: `SELECT id FROM ${leads} WHERE lower(json_extract(body, '$.url')) = ?`,
        status_id: `SELECT id FROM ${leads} WHERE lower(json_extract(body, '$.status_id')) = ?`,
        status_label: `SELECT id FROM ${leads} WHERE lower(json_extract(body, '$.status_label')) = ?`,
      },
      contact: {
        id: `SELECT id FROM ${contacts} WHERE lower(id) = ?`,
        name: `SELECT id FROM ${contacts} WHERE lower(json_extract(body, '$.name')) = ?`,
        title: `SELECT id FROM ${contacts} WHERE lower(json_extract(body, '$.title')) = ?`,
        lead_id: `SELECT id FROM ${contacts} WHERE lower(lead_id) = ?`,
      },
      contact_email: {
        email: `SELECT rowid AS id FROM ${contactEmails} WHERE email_lower = ?`,
        type: `SELECT rowid AS id FROM ${contactEmails} WHERE type_lower = ?`,
      },
      contact_phone: {
        phone: `SELECT rowid AS id FROM ${contactPhones} WHERE phone = ?`,
        type: `SELECT rowid AS id FROM ${contactPhones} WHERE type_lower = ?`,
      },
    },
    all: {
      lead: `SELECT id FROM ${leads}`,
      contact: `SELECT id FROM ${contacts}`,
      contact_email: `SELECT rowid AS id FROM ${contactEmails}`,
      contact_phone: `SELECT rowid AS id FROM ${contactPhones}`,
    },
    parents: {
      "contact>contact_email": `SELECT DISTINCT contact_id AS id FROM ${contactEmails} WHERE rowid IN (SELECT value FROM json_each(?))`,
      "contact>contact_phone": `SELECT DISTINCT contact_id AS id FROM ${contactPhones} WHERE rowid IN (SELECT value FROM json_each(?))`,
      "lead>contact": `SELECT DISTINCT lead_id AS id FROM ${contacts} WHERE id IN (SELECT value FROM json_each(?))`,
      "contact>lead": `SELECT id FROM ${contacts} WHERE lead_id IN (SELECT value FROM json_each(?))`,
    },
  };
}

/** Answers the search evaluator's lookups from one set of the Organization's tables. */
export class SqlSearchSource implements SearchSource {
  readonly #sql: SqlStorage;
  readonly #statements: Statements;

  constructor(sql: SqlStorage, tables: ObjectTables) {
    this.#sql = sql;
    this.#statements = prepareStatements(tables);
  }

  allIds(type: SearchObjectType): StoredId[] {
    return this.#ids(this.#statements.all[type]);
  }

  idsWithField(type: SearchObjectType, field: string, value: string): StoredId[] {
    const lookups: Record<string, string> = this.#statements.fields[type];
    const statement = Object.hasOwn(lookups, field) ? lookups[field] : undefined;
    return statement === undefined ? [] : this.#ids(statement, value);
  }

  parentIds(relation: SearchRelation, childIds: StoredId[]): StoredId[] {
    return this.#ids(this.#statements.parents[relation], JSON.stringify(childIds));
  }

  #ids(statement: string, ...bindings: unknown[]): StoredId[] {
    return this.#sql
      .exec<IdRow>(statement, ...bindings)
      .toArray()
      .map((row) => row.id);
  }
}
