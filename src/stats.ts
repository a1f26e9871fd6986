// The console's overview (`GET /v1/admin/stats`): its shape, with the type of its times as a
// parameter (ms since the epoch in the store, ISO 8601 in the answer). Imports nothing: the
// console's browser script reads it too.

/** What became of a submission or post, as the overview's chart splits them. */
export const OUTCOME_KINDS = [
  "created",
  "updated",
  "skipped",
  "in_progress",
  "dead",
  "ignored",
  "spam",
  "refused",
] as const;
export type OutcomeKind = (typeof OUTCOME_KINDS)[number];

/** The overview of one window, its times of type `Time`. */
export type StatsOf<Time> = {
  from: Time;
  to: Time;
  bucket_ms: number;
  /** Recorded submissions by status (delivered ones split by outcome under `outcomes`). */
  by_status: Record<string, number>;
  outcomes: Record<OutcomeKind, number>;
  by_source: {
    source: string;
    total: number;
    by_status: Record<string, number>;
    unrecorded: number;
  }[];
  /** Posts answered without a record, by source, outcome (`ignored`, `spam`, an error code) and status. */
  unrecorded: { source: string; outcome: string; status: number; count: number }[];
  /** One bucket of the outcome chart per bucket of the window: its start and a count per kind. */
  outcome_buckets: ({ start: Time } & Record<OutcomeKind, number>)[];
  /** One bucket of the delay chart: how many were delivered and their p50/p95 delay (ms). */
  delay_buckets: { start: Time; delivered: number; p50_ms: number | null; p95_ms: number | null }[];
  /**
   * Why deliveries failed in the window, most frequent first: for each error code, how many
   * submissions met it (at an attempt, or as their last error), how many of them are dead now and
   * how many were delivered after all.
   */
  failure_reasons: {
    code: string;
    count: number;
    dead: number;
    recovered: number;
    example: string | null;
  }[];
};

/** `GET /v1/admin/stats`'s answer. */
export type StatsAnswer = StatsOf<string> & { window: "24h" | "7d" };
