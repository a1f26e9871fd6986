// The log of Close API requests the simulator received, for tests to inspect through
// `/__sim/requests`. It never holds the Authorization header.

/** One logged request; `status` is null while the request is still being answered. */
export type LoggedRequest = {
  method: string;
  path: string;
  query: Record<string, string>;
  status: number | null;
  body: unknown;
  at: string;
};

type LogRow = {
  method: string;
  path: string;
  query: string;
  status: number | null;
  body: string | null;
  at: string;
};

// Enough for any test run, small enough that a long `npm run dev` session stays cheap.
const MAX_ENTRIES = 10_000;

/** Appends and reads logged requests. */
export class RequestLog {
  readonly #sql: SqlStorage;

  constructor(sql: SqlStorage) {
    this.#sql = sql;
  }

  /** Logs a request as it arrives and returns its sequence number. */
  record(entry: Omit<LoggedRequest, "status">): number {
    const { seq } = this.#sql
      .exec<{ seq: number }>(
        "INSERT INTO request_log (method, path, query, body, at) VALUES (?, ?, ?, ?, ?) RETURNING seq",
        entry.method,
        entry.path,
        JSON.stringify(entry.query),
        entry.body === null ? null : JSON.stringify(entry.body),
        entry.at,
      )
      .one();
    this.#sql.exec("DELETE FROM request_log WHERE seq <= ?", seq - MAX_ENTRIES);
    return seq;
  }

  /** Records the status a logged request was answered with. */
  finish(seq: number, status: number): void {
    this.#sql.exec("UPDATE request_log SET status = ? WHERE seq = ?", status, seq);
  }

  /** Returns every logged request, oldest first. */
  listAll(): LoggedRequest[] {
    return this.#sql
      .exec<LogRow>("SELECT method, path, query, status, body, at FROM request_log ORDER BY seq")
      .toArray()
      .map((row) => ({
        method: row.method,
        path: row.path,
        query: JSON.parse(row.query) as Record<string, string>,
        status: row.status,
        body: row.body === null ? null : (JSON.parse(row.body) as unknown),
        at: row.at,
      }));
  }
}
