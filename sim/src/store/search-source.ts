// The SQL side of `/data/search/`: id lookups on the indexed columns (email, phone, lead
// name) and on JSON fields, and the joins that follow `has_related` relations.
import type {
  SearchableField,
  SearchObjectType,
  SearchRelation,
  SearchSource,
  StoredId,
} from "../search.ts";

type IdRow = { id: StoredId };

// One statement per searchable field, each taking the lowercased (or E.164) value. The
// `satisfies` makes the compiler insist on a statement for every field search.ts allows.
const FIELD_LOOKUPS = {
  lead: {
    id: "SELECT id FROM leads WHERE lower(id) = ?",
    name: "SELECT id FROM leads WHERE name_lower = ?",
    description: "SELECT id FROM leads WHERE lower(json_extract(body, '$.description')) = ?",
    url: "SELECT id FROM leads WHERE lower(json_extract(body, '$.url')) = ?",
    status_id: "SELECT id FROM leads WHERE lower(json_extract(body, '$.status_id')) = ?",
    status_label: "SELECT id FROM leads WHERE lower(json_extract(body, '$.status_label')) = ?",
  },
  contact: {
    id: "SELECT id FROM contacts WHERE lower(id) = ?",
    name: "SELECT id FROM contacts WHERE lower(json_extract(body, '$.name')) = ?",
    title: "SELECT id FROM contacts WHERE lower(json_extract(body, '$.title')) = ?",
    lead_id: "SELECT id FROM contacts WHERE lower(lead_id) = ?",
  },
  contact_email: {
    email: "SELECT rowid AS id FROM contact_emails WHERE email_lower = ?",
    type: "SELECT rowid AS id FROM contact_emails WHERE type_lower = ?",
  },
  contact_phone: {
    phone: "SELECT rowid AS id FROM contact_phones WHERE phone = ?",
    type: "SELECT rowid AS id FROM contact_phones WHERE type_lower = ?",
  },
} satisfies { [T in SearchObjectType]: Record<SearchableField<T>, string> };

const ALL_IDS: Record<SearchObjectType, string> = {
  lead: "SELECT id FROM leads",
  contact: "SELECT id FROM contacts",
  contact_email: "SELECT rowid AS id FROM contact_emails",
  contact_phone: "SELECT rowid AS id FROM contact_phones",
};

// Children ids come as one JSON array parameter (json_each), whatever their number.
const PARENT_LOOKUPS: Record<SearchRelation, string> = {
  "contact>contact_email":
    "SELECT DISTINCT contact_id AS id FROM contact_emails WHERE rowid IN (SELECT value FROM json_each(?))",
  "contact>contact_phone":
    "SELECT DISTINCT contact_id AS id FROM contact_phones WHERE rowid IN (SELECT value FROM json_each(?))",
  "lead>contact":
    "SELECT DISTINCT lead_id AS id FROM contacts WHERE id IN (SELECT value FROM json_each(?))",
  "contact>lead": "SELECT id FROM contacts WHERE lead_id IN (SELECT value FROM json_each(?))",
};

/** Answers the search evaluator's lookups from the Organization's SQLite tables. */
export class SqlSearchSource implements SearchSource {
  readonly #sql: SqlStorage;

  constructor(sql: SqlStorage) {
    this.#sql = sql;
  }

  allIds(type: SearchObjectType): StoredId[] {
    return this.#ids(ALL_IDS[type]);
  }

  idsWithField(type: SearchObjectType, field: string, value: string): StoredId[] {
    const lookups: Record<string, string> = FIELD_LOOKUPS[type];
    const statement = Object.hasOwn(lookups, field) ? lookups[field] : undefined;
    return statement === undefined ? [] : this.#ids(statement, value);
  }

  parentIds(relation: SearchRelation, childIds: StoredId[]): StoredId[] {
    return this.#ids(PARENT_LOOKUPS[relation], JSON.stringify(childIds));
  }

  #ids(statement: string, ...bindings: unknown[]): StoredId[] {
    return this.#sql
      .exec<IdRow>(statement, ...bindings)
      .toArray()
      .map((row) => row.id);
  }
}
