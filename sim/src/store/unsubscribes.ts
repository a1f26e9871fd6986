// The organization's unsubscribed emails (`POST /unsubscribe/email/`): an address on this list
// shows as `is_unsubscribed` on every contact email that matches it, case-insensitively.

/** One unsubscribed address as stored. */
export type Unsubscribed = { email: string; date_created: string };

/** Reads and writes the unsubscribed emails. */
export class UnsubscribeStore {
  readonly #sql: SqlStorage;

  constructor(sql: SqlStorage) {
    this.#sql = sql;
  }

  /** Adds an address; answers false when it was already on the list. */
  add(email: string, now: string): boolean {
    const cursor = this.#sql.exec(
      "INSERT INTO unsubscribed_emails (email_lower, email, date_created) VALUES (?, ?, ?) ON CONFLICT (email_lower) DO NOTHING",
      email.toLowerCase(),
      email,
      now,
    );
    return cursor.rowsWritten > 0;
  }

  /** Removes an address; answers false when it was not on the list. */
  remove(email: string): boolean {
    const cursor = this.#sql.exec(
      "DELETE FROM unsubscribed_emails WHERE email_lower = ?",
      email.toLowerCase(),
    );
    return cursor.rowsWritten > 0;
  }

  /** Whether an address is on the list. */
  has(email: string): boolean {
    return (
      this.#sql
        .exec("SELECT 1 FROM unsubscribed_emails WHERE email_lower = ?", email.toLowerCase())
        .toArray().length > 0
    );
  }

  /** Every address, oldest first. */
  listAll(): Unsubscribed[] {
    return this.#sql
      .exec<Unsubscribed>("SELECT email, date_created FROM unsubscribed_emails ORDER BY rowid")
      .toArray();
  }
}
