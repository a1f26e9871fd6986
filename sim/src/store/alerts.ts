// What the alert sinks received (`/__sim/alerts/...`): each post to the Slack-compatible and the
// generic webhook sink with its headers and body and the status it was answered with, and the
// status the sinks are told to answer (to test a failing alert channel).
import type { SettingsStore } from "./settings.ts";

/** One post an alert sink received. */
export type ReceivedAlert = {
  seq: number;
  channel: string;
  status: number;
  headers: Record<string, string>;
  body: unknown;
  at: string;
};

type AlertRow = {
  seq: number;
  channel: string;
  status: number;
  headers: string;
  body: string;
  at: string;
};

const FAULT_KEY = "alert_faults";

// Enough for any test run or `npm run dev` session; the oldest are forgotten first.
const MAX_ENTRIES = 1_000;

/** Records and lists what the alert sinks received. */
export class AlertStore {
  readonly #sql: SqlStorage;
  readonly #settings: SettingsStore;

  constructor(sql: SqlStorage, settings: SettingsStore) {
    this.#sql = sql;
    this.#settings = settings;
  }

  /** Records one received post. */
  record(entry: Omit<ReceivedAlert, "seq">): void {
    const { seq } = this.#sql
      .exec<{ seq: number }>(
        "INSERT INTO alerts (channel, status, headers, body, at) VALUES (?, ?, ?, ?, ?) RETURNING seq",
        entry.channel,
        entry.status,
        JSON.stringify(entry.headers),
        JSON.stringify(entry.body),
        entry.at,
      )
      .one();
    this.#sql.exec("DELETE FROM alerts WHERE seq <= ?", seq - MAX_ENTRIES);
  }

  /** Every received post, oldest first. */
  listAll(): ReceivedAlert[] {
    return this.#sql
      .exec<AlertRow>("SELECT seq, channel, status, headers, body, at FROM alerts ORDER BY seq")
      .toArray()
      .map((row) => ({
        ...row,
        headers: JSON.parse(row.headers) as Record<string, string>,
        body: JSON.parse(row.body) as unknown,
      }));
  }

  /** The status the sinks answer instead of success, if one is set. */
  readFailure(): number | undefined {
    const value = this.#settings.read(FAULT_KEY);
    return typeof value === "number" ? value : undefined;
  }

  /** Makes the sinks answer `status` (undefined: succeed again). */
  writeFailure(status: number | undefined): void {
    this.#settings.write(FAULT_KEY, status ?? null);
  }
}
