// The Organization's SQLite tables: objects are JSON text, with indexed columns for the
// lookups Close's search needs (email, phone, lead name) and for listing a lead's children.
// Leads and contacts exist twice: the database (read by id, always current) and the search
// index (what `/data/search/` sees, which may lag writes), with the changes not yet indexed.

/** The names of one set of lead and contact tables. */
export type ObjectTables = {
  leads: string;
  contacts: string;
  contactEmails: string;
  contactPhones: string;
};

/** The database: what reads by id answer. */
export const DATABASE_TABLES: ObjectTables = {
  leads: "leads",
  contacts: "contacts",
  contactEmails: "contact_emails",
  contactPhones: "contact_phones",
};

/** The search index: what `/data/search/` and the lead listing answer. */
export const SEARCH_INDEX_TABLES: ObjectTables = {
  leads: "search_leads",
  contacts: "search_contacts",
  contactEmails: "search_contact_emails",
  contactPhones: "search_contact_phones",
};

/** The changes written to the database but not yet to the search index. */
export const PENDING_INDEX_TABLE = "search_pending";

function createObjectTables(tables: ObjectTables): string[] {
  const { leads, contacts, contactEmails, contactPhones } = tables;
  return [
    `CREATE TABLE IF NOT EXISTS ${leads} (
       id TEXT PRIMARY KEY, name_lower TEXT, body TEXT NOT NULL)`,
    `CREATE INDEX IF NOT EXISTS ${leads}_by_name ON ${leads} (name_lower)`,
    `CREATE TABLE IF NOT EXISTS ${contacts} (
       id TEXT PRIMARY KEY, lead_id TEXT NOT NULL, body TEXT NOT NULL)`,
    `CREATE INDEX IF NOT EXISTS ${contacts}_by_lead ON ${contacts} (lead_id)`,
    `CREATE TABLE IF NOT EXISTS ${contactEmails} (
       contact_id TEXT NOT NULL, email_lower TEXT NOT NULL, type_lower TEXT NOT NULL)`,
    `CREATE INDEX IF NOT EXISTS ${contactEmails}_by_email ON ${contactEmails} (email_lower)`,
    `CREATE INDEX IF NOT EXISTS ${contactEmails}_by_contact ON ${contactEmails} (contact_id)`,
    `CREATE TABLE IF NOT EXISTS ${contactPhones} (
       contact_id TEXT NOT NULL, phone TEXT NOT NULL, type_lower TEXT NOT NULL)`,
    `CREATE INDEX IF NOT EXISTS ${contactPhones}_by_phone ON ${contactPhones} (phone)`,
    `CREATE INDEX IF NOT EXISTS ${contactPhones}_by_contact ON ${contactPhones} (contact_id)`,
  ];
}

/** The tables of JSON objects (store/objects.ts), by what they hold. */
export const OBJECT_TABLE_NAMES = {
  leadStatuses: "lead_statuses",
  tasks: "tasks",
  customActivities: "custom_activities",
  opportunities: "opportunities",
} as const;

const OBJECT_TABLES = Object.values(OBJECT_TABLE_NAMES);

/** Every statement needed to create the schema; each is idempotent. */
const SCHEMA = [
  ...createObjectTables(DATABASE_TABLES),
  ...createObjectTables(SEARCH_INDEX_TABLES),
  // body NULL: the object was deleted. visible_at: epoch milliseconds.
  `CREATE TABLE IF NOT EXISTS ${PENDING_INDEX_TABLE} (
     seq INTEGER PRIMARY KEY AUTOINCREMENT, object_type TEXT NOT NULL, id TEXT NOT NULL,
     body TEXT, visible_at INTEGER NOT NULL)`,
  `CREATE TABLE IF NOT EXISTS notes (
     id TEXT PRIMARY KEY, lead_id TEXT NOT NULL, contact_id TEXT, body TEXT NOT NULL)`,
  "CREATE INDEX IF NOT EXISTS notes_by_lead ON notes (lead_id)",
  `CREATE TABLE IF NOT EXISTS request_log (
     seq INTEGER PRIMARY KEY AUTOINCREMENT, method TEXT NOT NULL, path TEXT NOT NULL,
     query TEXT NOT NULL, status INTEGER, body TEXT, at TEXT NOT NULL)`,
  "CREATE TABLE IF NOT EXISTS settings (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
  ...OBJECT_TABLES.map(
    (table) => `CREATE TABLE IF NOT EXISTS ${table} (
       id TEXT PRIMARY KEY, lead_id TEXT, body TEXT NOT NULL)`,
  ),
  ...OBJECT_TABLES.map(
    (table) => `CREATE INDEX IF NOT EXISTS ${table}_by_lead ON ${table} (lead_id)`,
  ),
  `CREATE TABLE IF NOT EXISTS unsubscribed_emails (
     email_lower TEXT PRIMARY KEY, email TEXT NOT NULL, date_created TEXT NOT NULL)`,
  `CREATE TABLE IF NOT EXISTS alerts (
     seq INTEGER PRIMARY KEY AUTOINCREMENT, channel TEXT NOT NULL, status INTEGER NOT NULL,
     headers TEXT NOT NULL, body TEXT NOT NULL, at TEXT NOT NULL)`,
];

/** The tables that `/__sim/reset` empties. */
export const RESETTABLE_TABLES = [
  ...Object.values(DATABASE_TABLES),
  ...Object.values(SEARCH_INDEX_TABLES),
  PENDING_INDEX_TABLE,
  "notes",
  "request_log",
  "settings",
  ...OBJECT_TABLES,
  "unsubscribed_emails",
  "alerts",
] as const;

/** Creates any missing table or index. */
export function createSchema(sql: SqlStorage): void {
  for (const statement of SCHEMA) sql.exec(statement);
}

/** Deletes every row of every table. */
export function clearAllTables(sql: SqlStorage): void {
  for (const table of RESETTABLE_TABLES) sql.exec(`DELETE FROM ${table}`);
}
