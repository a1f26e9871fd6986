// A small key-value table for simulator state that must survive the Durable Object being
// evicted between requests (the active faults and what is left of `fail_next`).

/** Reads and writes JSON settings by key. */
export class SettingsStore {
  readonly #sql: SqlStorage;

  constructor(sql: SqlStorage) {
    this.#sql = sql;
  }

  /** Returns the stored JSON value for `key`, or undefined when none is stored. */
  read(key: string): unknown {
    const row = this.#sql
      .exec<{ value: string }>("SELECT value FROM settings WHERE key = ?", key)
      .toArray()[0];
    return row === undefined ? undefined : (JSON.parse(row.value) as unknown);
  }

  /** Stores `value` as JSON under `key`. */
  write(key: string, value: unknown): void {
    this.#sql.exec(
      "INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
      key,
      JSON.stringify(value),
    );
  }
}
