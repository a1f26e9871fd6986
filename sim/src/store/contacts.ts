// A contacts table, with its email and phone index tables kept in step on every write: the
// database's (which tells the search index of each write) or the search index's own.
import type { Contact } from "../records/types.ts";
import type { ChangeListener } from "./changes.ts";
import { type Page, type PageRequest, toPage } from "./page.ts";
import { DATABASE_TABLES, type ObjectTables } from "./schema.ts";

type BodyRow = { body: string };

// Bodies are written only by this class from validated objects, so reading them back
// needs no second validation.
const parseContact = (row: BodyRow): Contact => JSON.parse(row.body) as Contact;

/** Reads and writes contacts. */
export class ContactStore {
  readonly #sql: SqlStorage;
  readonly #tables: ObjectTables;
  readonly #onChange: ChangeListener | undefined;

  /** A store over `tables` (the database's by default) that tells `onChange` of each write. */
  constructor(sql: SqlStorage, tables: ObjectTables = DATABASE_TABLES, onChange?: ChangeListener) {
    this.#sql = sql;
    this.#tables = tables;
    this.#onChange = onChange;
  }

  /** Stores a new contact. */
  insert(contact: Contact): void {
    this.#sql.exec(
      `INSERT INTO ${this.#tables.contacts} (id, lead_id, body) VALUES (?, ?, ?)`,
      contact.id,
      contact.lead_id,
      JSON.stringify(contact),
    );
    this.#indexChannels(contact);
    this.#onChange?.({ type: "contact", id: contact.id, body: contact });
  }

  /** Overwrites a stored contact with its new version. */
  replace(contact: Contact): void {
    this.#sql.exec(
      `UPDATE ${this.#tables.contacts} SET lead_id = ?, body = ? WHERE id = ?`,
      contact.lead_id,
      JSON.stringify(contact),
      contact.id,
    );
    this.#unindexChannels(contact.id);
    this.#indexChannels(contact);
    this.#onChange?.({ type: "contact", id: contact.id, body: contact });
  }

  /** Returns the contact with `id`, or null. */
  find(id: string): Contact | null {
    const row = this.#sql
      .exec<BodyRow>(`SELECT body FROM ${this.#tables.contacts} WHERE id = ?`, id)
      .toArray()[0];
    return row ? parseContact(row) : null;
  }

  /** Returns one page of contacts, oldest first, optionally only those of one lead. */
  list(page: PageRequest, leadId?: string): Page<Contact> {
    const rows =
      leadId === undefined
        ? this.#sql.exec<BodyRow>(
            `SELECT body FROM ${this.#tables.contacts} ORDER BY rowid LIMIT ? OFFSET ?`,
            page.limit + 1,
            page.skip,
          )
        : this.#sql.exec<BodyRow>(
            `SELECT body FROM ${this.#tables.contacts} WHERE lead_id = ? ORDER BY rowid LIMIT ? OFFSET ?`,
            leadId,
            page.limit + 1,
            page.skip,
          );
    return toPage(rows.toArray().map(parseContact), page);
  }

  /** Returns every contact, oldest first. */
  listAll(): Contact[] {
    return this.#sql
      .exec<BodyRow>(`SELECT body FROM ${this.#tables.contacts} ORDER BY rowid`)
      .toArray()
      .map(parseContact);
  }

  /** Returns the contacts of one lead, oldest first. */
  listByLead(leadId: string): Contact[] {
    return this.#sql
      .exec<BodyRow>(
        `SELECT body FROM ${this.#tables.contacts} WHERE lead_id = ? ORDER BY rowid`,
        leadId,
      )
      .toArray()
      .map(parseContact);
  }

  /** Returns the contacts whose ids are in `ids`, oldest first. */
  listByIds(ids: string[]): Contact[] {
    return this.#sql
      .exec<BodyRow>(
        `SELECT body FROM ${this.#tables.contacts} WHERE id IN (SELECT value FROM json_each(?)) ORDER BY rowid`,
        JSON.stringify(ids),
      )
      .toArray()
      .map(parseContact);
  }

  /** Returns the contacts having `email` (case-insensitive), oldest first. */
  listByEmail(email: string): Contact[] {
    return this.#sql
      .exec<BodyRow>(
        `SELECT body FROM ${this.#tables.contacts} WHERE id IN (SELECT contact_id FROM ${this.#tables.contactEmails} WHERE email_lower = ?) ORDER BY rowid`,
        email.toLowerCase(),
      )
      .toArray()
      .map(parseContact);
  }

  /** Deletes one contact. */
  delete(id: string): void {
    this.#unindexChannels(id);
    this.#sql.exec(`DELETE FROM ${this.#tables.contacts} WHERE id = ?`, id);
    this.#onChange?.({ type: "contact", id, body: null });
  }

  /** Deletes every contact of a lead. */
  deleteByLead(leadId: string): void {
    for (const contact of this.listByLead(leadId)) this.delete(contact.id);
  }

  #indexChannels(contact: Contact): void {
    for (const email of contact.emails) {
      this.#sql.exec(
        `INSERT INTO ${this.#tables.contactEmails} (contact_id, email_lower, type_lower) VALUES (?, ?, ?)`,
        contact.id,
        email.email.toLowerCase(),
        email.type.toLowerCase(),
      );
    }
    for (const phone of contact.phones) {
      this.#sql.exec(
        `INSERT INTO ${this.#tables.contactPhones} (contact_id, phone, type_lower) VALUES (?, ?, ?)`,
        contact.id,
        phone.phone,
        phone.type.toLowerCase(),
      );
    }
  }

  #unindexChannels(contactId: string): void {
    this.#sql.exec(`DELETE FROM ${this.#tables.contactEmails} WHERE contact_id = ?`, contactId);
    this.#sql.exec(`DELETE FROM ${this.#tables.contactPhones} WHERE contact_id = ?`, contactId);
  }
}
