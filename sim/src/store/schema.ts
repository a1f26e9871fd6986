// The Organization's SQLite tables: objects are JSON text, with indexed columns for the
// lookups Close's search needs (email, phone, lead name) and for listing a lead's children.

/** Every statement needed to create the schema; each is idempotent. */
const SCHEMA = [
  `CREATE TABLE IF NOT EXISTS leads (
     id TEXT PRIMARY KEY, name_lower TEXT, body TEXT NOT NULL)`,
  "CREATE INDEX IF NOT EXISTS leads_by_name ON leads (name_lower)",
  `CREATE TABLE IF NOT EXISTS contacts (
     id TEXT PRIMARY KEY, lead_id TEXT NOT NULL, body TEXT NOT NULL)`,
  "CREATE INDEX IF NOT EXISTS contacts_by_lead ON contacts (lead_id)",
  `CREATE TABLE IF NOT EXISTS contact_emails (
     contact_id TEXT NOT NULL, email_lower TEXT NOT NULL, type_lower TEXT NOT NULL)`,
  "CREATE INDEX IF NOT EXISTS contact_emails_by_email ON contact_emails (email_lower)",
  "CREATE INDEX IF NOT EXISTS contact_emails_by_contact ON contact_emails (contact_id)",
  `CREATE TABLE IF NOT EXISTS contact_phones (
     contact_id TEXT NOT NULL, phone TEXT NOT NULL, type_lower TEXT NOT NULL)`,
  "CREATE INDEX IF NOT EXISTS contact_phones_by_phone ON contact_phones (phone)",
  "CREATE INDEX IF NOT EXISTS contact_phones_by_contact ON contact_phones (contact_id)",
  `CREATE TABLE IF NOT EXISTS notes (
     id TEXT PRIMARY KEY, lead_id TEXT NOT NULL, contact_id TEXT, body TEXT NOT NULL)`,
  "CREATE INDEX IF NOT EXISTS notes_by_lead ON notes (lead_id)",
  `CREATE TABLE IF NOT EXISTS request_log (
     seq INTEGER PRIMARY KEY AUTOINCREMENT, method TEXT NOT NULL, path TEXT NOT NULL,
     query TEXT NOT NULL, status INTEGER, body TEXT, at TEXT NOT NULL)`,
  "CREATE TABLE IF NOT EXISTS settings (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
];

/** The tables that `/__sim/reset` empties. */
export const RESETTABLE_TABLES = [
  "leads",
  "contacts",
  "contact_emails",
  "contact_phones",
  "notes",
  "request_log",
  "settings",
] as const;

/** Creates any missing table or index. */
export function createSchema(sql: SqlStorage): void {
  for (const statement of SCHEMA) sql.exec(statement);
}

/** Deletes every row of every table. */
export function clearAllTables(sql: SqlStorage): void {
  for (const table of RESETTABLE_TABLES) sql.exec(`DELETE FROM ${table}`);
}
