// The console's aggregates of the log, each computed in D1 with SQL over an index (never by
// reading every row into the Worker): counts by status, source and hour, delivery delay
// percentiles per hour, failure reasons, dead letters by reason, and each source's last post.

import { OUTCOME_KINDS, type OutcomeKind, type StatsOf } from "../stats.ts";
import * as z from "../zod.ts";

const HOUR_MS = 3_600_000;

/** The windows the console shows, with the width of their chart's buckets. */
export const STATS_WINDOWS = {
  "24h": { spanMs: 24 * HOUR_MS, bucketMs: HOUR_MS },
  "7d": { spanMs: 7 * 24 * HOUR_MS, bucketMs: 6 * HOUR_MS },
} as const;

/** The name of a window: `24h` or `7d`. */
export type StatsWindowName = keyof typeof STATS_WINDOWS;

/** A window of whole hours: `from` (inclusive) to `to` (exclusive), in buckets of `bucketMs`. */
export type StatsWindow = { from: number; to: number; bucketMs: number };

/** The window `name` ending with the hour that holds `now` (so the current hour is its last). */
export function statsWindow(name: StatsWindowName, now: number): StatsWindow {
  const { spanMs, bucketMs } = STATS_WINDOWS[name];
  const to = Math.floor(now / HOUR_MS) * HOUR_MS + HOUR_MS;
  return { from: to - spanMs, to, bucketMs };
}

const StatusCount = z.deferred(() =>
  z.object({
    source: z.string(),
    status: z.string(),
    outcome: z.nullable(z.string()),
    n: z.number(),
  }),
);
const BucketCount = z.deferred(() =>
  z.object({ bucket: z.number(), kind: z.string(), n: z.number() }),
);
const UnrecordedCount = z.deferred(() =>
  z.object({
    source: z.string(),
    outcome: z.string(),
    status: z.number(),
    n: z.number(),
  }),
);
const DelayRow = z.deferred(() =>
  z.object({
    bucket: z.number(),
    n: z.number(),
    p50: z.number(),
    p95: z.number(),
  }),
);
const ReasonRow = z.deferred(() =>
  z.object({
    code: z.string(),
    n: z.number(),
    dead: z.number(),
    recovered: z.number(),
    example: z.nullable(z.string()),
  }),
);

/** The console's overview of one window, its times in ms. */
export type Stats = StatsOf<number>;
/** One bucket of the outcome chart. */
export type OutcomeBucket = Stats["outcome_buckets"][number];
/** One bucket of the delay chart. */
export type DelayBucket = Stats["delay_buckets"][number];

/** The kind of outcome of a submission's status and outcome. */
const OUTCOME_KIND_SQL = `CASE
    WHEN status = 'dead' THEN 'dead'
    WHEN status IN ('delivered', 'skipped') THEN COALESCE(outcome, 'created')
    ELSE 'in_progress' END`;

/** The bucket of a time column, as an integer index from the window's start. */
const bucketOf = (column: string) => `CAST((${column} - ?1) / ?3 AS INTEGER)`;

function emptyOutcomes(): Record<OutcomeKind, number> {
  return Object.fromEntries(OUTCOME_KINDS.map((kind) => [kind, 0])) as Record<OutcomeKind, number>;
}

/** Computes the overview of `window` (a handful of grouped queries in one batch). */
export async function computeStats(db: D1Database, window: StatsWindow): Promise<Stats> {
  const bind = [window.from, window.to, window.bucketMs] as const;
  const inWindow = "received_at >= ?1 AND received_at < ?2";
  const [statuses, buckets, unrecorded, unrecordedBuckets, delays, reasons] = await db.batch([
    db
      .prepare(
        `SELECT source, status, outcome, COUNT(*) AS n FROM submissions WHERE ${inWindow}
         GROUP BY source, status, outcome`,
      )
      .bind(...bind.slice(0, 2)),
    db
      .prepare(
        `SELECT ${bucketOf("received_at")} AS bucket, ${OUTCOME_KIND_SQL} AS kind, COUNT(*) AS n
         FROM submissions WHERE ${inWindow} GROUP BY bucket, kind`,
      )
      .bind(...bind),
    db
      .prepare(
        `SELECT source, outcome, status, SUM(count) AS n FROM unrecorded_posts
         WHERE hour >= ?1 AND hour < ?2 GROUP BY source, outcome, status`,
      )
      .bind(...bind.slice(0, 2)),
    db
      .prepare(
        `SELECT ${bucketOf("hour")} AS bucket,
           CASE WHEN outcome IN ('ignored', 'spam') THEN outcome ELSE 'refused' END AS kind,
           SUM(count) AS n
         FROM unrecorded_posts WHERE hour >= ?1 AND hour < ?2 GROUP BY bucket, kind`,
      )
      .bind(...bind),
    // Each delivered submission's delay is its first successful attempt's end minus its
    // receipt; p50 and p95 are nearest-rank percentiles (the ceil(n * p)-th smallest).
    db
      .prepare(
        `WITH firsts AS (
           SELECT s.received_at AS received_at, MIN(a.finished_at) - s.received_at AS delay
           FROM submissions s JOIN delivery_attempts a ON a.submission_id = s.id
           WHERE s.received_at >= ?1 AND s.received_at < ?2 AND a.result IN ('created', 'updated', 'skipped')
           GROUP BY s.id
         ), ranked AS (
           SELECT ${bucketOf("received_at")} AS bucket, delay,
             ROW_NUMBER() OVER (PARTITION BY ${bucketOf("received_at")} ORDER BY delay) AS rank,
             COUNT(*) OVER (PARTITION BY ${bucketOf("received_at")}) AS n
           FROM firsts
         )
         SELECT bucket, n,
           MIN(CASE WHEN rank >= (n * 50 + 99) / 100 THEN delay END) AS p50,
           MIN(CASE WHEN rank >= (n * 95 + 99) / 100 THEN delay END) AS p95
         FROM ranked GROUP BY bucket, n`,
      )
      .bind(...bind),
    // A failure is an attempt that ended with an error code, or a submission whose last error
    // is one while it is not delivered (the queue gave up on it, its source is broken).
    db
      .prepare(
        `WITH failures AS (
           SELECT a.submission_id AS id, a.error_code AS code, a.error_message AS message
           FROM delivery_attempts a JOIN submissions s ON s.id = a.submission_id
           WHERE ${inWindow.replaceAll("received_at", "s.received_at")} AND a.error_code IS NOT NULL
           UNION
           SELECT id, last_error_code, last_error_message FROM submissions
           WHERE ${inWindow} AND last_error_code IS NOT NULL AND status IN ('dead', 'retrying', 'queued')
         )
         SELECT f.code AS code, COUNT(DISTINCT f.id) AS n,
           COUNT(DISTINCT CASE WHEN s.status = 'dead' THEN f.id END) AS dead,
           COUNT(DISTINCT CASE WHEN s.status IN ('delivered', 'skipped') THEN f.id END) AS recovered,
           MAX(f.message) AS example
         FROM failures f JOIN submissions s ON s.id = f.id
         GROUP BY f.code ORDER BY n DESC, f.code LIMIT 10`,
      )
      .bind(...bind.slice(0, 2)),
  ]);

  const count = Math.round((window.to - window.from) / window.bucketMs);
  const outcomeBuckets: OutcomeBucket[] = Array.from({ length: count }, (_, i) => ({
    start: window.from + i * window.bucketMs,
    ...emptyOutcomes(),
  }));
  const outcomes = emptyOutcomes();
  for (const row of z.array(BucketCount).parse(buckets?.results)) {
    const kind = row.kind as OutcomeKind;
    const bucket = outcomeBuckets[row.bucket];
    if (bucket) bucket[kind] += row.n;
    outcomes[kind] += row.n;
  }
  for (const row of z.array(BucketCount).parse(unrecordedBuckets?.results)) {
    const kind = row.kind as OutcomeKind;
    const bucket = outcomeBuckets[row.bucket];
    if (bucket) bucket[kind] += row.n;
    outcomes[kind] += row.n;
  }

  const byStatus: Record<string, number> = {};
  const bySource = new Map<string, Stats["by_source"][number]>();
  const sourceOf = (source: string) => {
    let entry = bySource.get(source);
    if (!entry) {
      entry = { source, total: 0, by_status: {}, unrecorded: 0 };
      bySource.set(source, entry);
    }
    return entry;
  };
  for (const row of z.array(StatusCount).parse(statuses?.results)) {
    byStatus[row.status] = (byStatus[row.status] ?? 0) + row.n;
    const entry = sourceOf(row.source);
    entry.total += row.n;
    entry.by_status[row.status] = (entry.by_status[row.status] ?? 0) + row.n;
  }
  const unrecordedRows = z.array(UnrecordedCount).parse(unrecorded?.results);
  for (const row of unrecordedRows) sourceOf(row.source).unrecorded += row.n;

  const delayBuckets: DelayBucket[] = Array.from({ length: count }, (_, i) => ({
    start: window.from + i * window.bucketMs,
    delivered: 0,
    p50_ms: null,
    p95_ms: null,
  }));
  for (const row of z.array(DelayRow).parse(delays?.results)) {
    const bucket = delayBuckets[row.bucket];
    if (bucket) Object.assign(bucket, { delivered: row.n, p50_ms: row.p50, p95_ms: row.p95 });
  }

  return {
    from: window.from,
    to: window.to,
    bucket_ms: window.bucketMs,
    by_status: byStatus,
    outcomes,
    by_source: [...bySource.values()].sort(
      (a, b) =>
        b.total + b.unrecorded - (a.total + a.unrecorded) || a.source.localeCompare(b.source),
    ),
    unrecorded: unrecordedRows
      .map((row) => ({
        source: row.source,
        outcome: row.outcome,
        status: row.status,
        count: row.n,
      }))
      .sort((a, b) => b.count - a.count),
    outcome_buckets: outcomeBuckets,
    delay_buckets: delayBuckets,
    failure_reasons: z
      .array(ReasonRow)
      .parse(reasons?.results)
      .map((row) => ({
        code: row.code,
        count: row.n,
        dead: row.dead,
        recovered: row.recovered,
        example: row.example,
      })),
  };
}

const DeadGroupRow = z.deferred(() =>
  z.object({
    code: z.string(),
    source: z.string(),
    n: z.number(),
    oldest: z.number(),
    newest: z.number(),
    example: z.nullable(z.string()),
  }),
);

/** Dead submissions sharing a reason (their last error code). */
export type DeadLetterGroup = {
  code: string;
  count: number;
  by_source: Record<string, number>;
  oldest: number;
  newest: number;
  example: string | null;
};

/** Every dead submission, grouped by reason, largest group first (one grouped query). */
export async function groupDeadLetters(db: D1Database): Promise<DeadLetterGroup[]> {
  const { results } = await db
    .prepare(
      `SELECT COALESCE(last_error_code, 'unknown') AS code, source, COUNT(*) AS n,
         MIN(received_at) AS oldest, MAX(received_at) AS newest, MAX(last_error_message) AS example
       FROM submissions WHERE status = 'dead' GROUP BY code, source`,
    )
    .all();
  const groups = new Map<string, DeadLetterGroup>();
  for (const row of z.array(DeadGroupRow).parse(results)) {
    const group = groups.get(row.code) ?? {
      code: row.code,
      count: 0,
      by_source: {},
      oldest: row.oldest,
      newest: row.newest,
      example: row.example,
    };
    group.count += row.n;
    group.by_source[row.source] = row.n;
    group.oldest = Math.min(group.oldest, row.oldest);
    group.newest = Math.max(group.newest, row.newest);
    group.example ??= row.example;
    groups.set(row.code, group);
  }
  return [...groups.values()].sort((a, b) => b.count - a.count || a.code.localeCompare(b.code));
}

/** When each of `sources` last recorded a submission (ms), or null: one index seek each. */
export async function findLastReceived(
  db: D1Database,
  sources: readonly string[],
): Promise<Map<string, number | null>> {
  if (sources.length === 0) return new Map();
  const answers = await db.batch(
    sources.map((source) =>
      db
        .prepare("SELECT received_at FROM submissions WHERE source = ? ORDER BY id DESC LIMIT 1")
        .bind(source),
    ),
  );
  return new Map(
    sources.map((source, i) => {
      const row = answers[i]?.results[0] as { received_at?: number } | undefined;
      return [source, row?.received_at ?? null];
    }),
  );
}

/** What became of a source's last post: recorded as a submission, or answered without a record. */
export type LastPost = {
  at: number;
  result: "recorded" | "ignored" | "spam" | "refused";
  /** The error code a refusal answered (null otherwise). */
  code: string | null;
  /** The HTTP status answered, when the log knows it (null for a recorded submission). */
  status: number | null;
};

const UnrecordedLastRow = z.deferred(() =>
  z.object({ outcome: z.string(), status: z.number(), at: z.number() }),
);

/**
 * The last post each of `sources` answered without recording it (ignored, spam or refused), or
 * null: one index seek each. Posts counted before their time was kept date from their hour.
 */
export async function findLastUnrecorded(
  db: D1Database,
  sources: readonly string[],
): Promise<Map<string, LastPost | null>> {
  if (sources.length === 0) return new Map();
  const answers = await db.batch(
    sources.map((source) =>
      db
        .prepare(
          `SELECT outcome, status, COALESCE(last_at, hour) AS at FROM unrecorded_posts
           WHERE source = ? ORDER BY hour DESC, at DESC LIMIT 1`,
        )
        .bind(source),
    ),
  );
  return new Map(
    sources.map((source, i) => {
      const row = answers[i]?.results[0];
      if (row === undefined) return [source, null];
      const { outcome, status, at } = UnrecordedLastRow.parse(row);
      const result = outcome === "ignored" || outcome === "spam" ? outcome : "refused";
      return [source, { at, result, code: result === "refused" ? outcome : null, status }];
    }),
  );
}

/** A source's last post: its last recorded submission or its last unrecorded post, the newer. */
export function pickLastPost(
  received: number | null,
  unrecorded: LastPost | null,
): LastPost | null {
  const recorded: LastPost | null =
    received === null ? null : { at: received, result: "recorded", code: null, status: null };
  if (!unrecorded) return recorded;
  if (!recorded) return unrecorded;
  return unrecorded.at > recorded.at ? unrecorded : recorded;
}
