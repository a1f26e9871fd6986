import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { newSubmissionId } from "../../src/ids.ts";
import {
  computeStats,
  findLastReceived,
  findLastUnrecorded,
  groupDeadLetters,
  type LastPost,
  pickLastPost,
  statsWindow,
} from "../../src/store/aggregates.ts";
import { resetWorld } from "../helpers/reset.ts";

beforeEach(resetWorld);

const HOUR = 3_600_000;
const NOW = Date.UTC(2026, 2, 4, 12, 30);
/** 13:00 on March 4th: the end of both windows (the hour holding NOW is the last). */
const END = Date.UTC(2026, 2, 4, 13);
const at = (hours: number, minutes = 0) => Date.UTC(2026, 2, 4, hours, minutes);

type Row = {
  source: string;
  received_at: number;
  status: string;
  outcome?: string;
  last_error_code?: string;
  last_error_message?: string;
  /** Attempts: [result, ms after receipt it finished]. */
  attempts?: [string, number, string?][];
};

/** Writes rows straight into the log, as deliveries would have left them. */
async function insertLog(rows: Row[]) {
  for (const row of rows) {
    // Ids are time-ordered, as the bridge makes them: the log pages and seeks by them.
    const id = newSubmissionId(row.received_at);
    await env.DB.prepare(
      `INSERT INTO submissions (id, source, mode, received_at, status, outcome, attempts, max_retries,
         last_error_code, last_error_message, draft, updated_at)
       VALUES (?1, ?2, 'queue', ?3, ?4, ?5, ?6, 10, ?7, ?8, '{}', ?3)`,
    )
      .bind(
        id,
        row.source,
        row.received_at,
        row.status,
        row.outcome ?? null,
        row.attempts?.length ?? 0,
        row.last_error_code ?? null,
        row.last_error_message ?? null,
      )
      .run();
    for (const [i, [result, afterMs, code]] of (row.attempts ?? []).entries()) {
      await env.DB.prepare(
        `INSERT INTO delivery_attempts (submission_id, attempt, mode, started_at, finished_at, result,
           error_code, error_message, requests)
         VALUES (?1, ?2, 'queue', ?3, ?4, ?5, ?6, ?7, '[]')`,
      )
        .bind(
          id,
          i + 1,
          row.received_at,
          row.received_at + afterMs,
          result,
          code ?? null,
          code ? MESSAGES[code] : null,
        )
        .run();
    }
  }
}

/** Close's message of each failure the known log meets. */
const MESSAGES: Record<string, string> = {
  close_unavailable: "POST /data/search/: Close answered 503",
  close_rejected: "POST /contact/: Invalid email",
};

async function insertUnrecorded(rows: [number, string, string, number, number][]) {
  for (const [hour, source, outcome, status, count] of rows) {
    await env.DB.prepare(
      "INSERT INTO unrecorded_posts (hour, source, outcome, status, count) VALUES (?, ?, ?, ?, ?)",
    )
      .bind(hour, source, outcome, status, count)
      .run();
  }
}

/** The log every test of the overview reads: each row's place in the window is known. */
async function insertKnownLog() {
  await insertLog([
    // Bucket 23 (12:00-13:00): three delivered, one after a failed attempt.
    {
      source: "a",
      received_at: at(12, 10),
      status: "delivered",
      outcome: "created",
      attempts: [["created", 1000]],
    },
    {
      source: "a",
      received_at: at(12, 20),
      status: "delivered",
      outcome: "updated",
      attempts: [["updated", 3000]],
    },
    {
      source: "a",
      received_at: at(12, 25),
      status: "delivered",
      outcome: "created",
      attempts: [
        ["retry", 2000, "close_unavailable"],
        ["created", 9000],
      ],
    },
    // Bucket 22 (11:00-12:00): one skipped duplicate, one dead.
    {
      source: "a",
      received_at: at(11, 5),
      status: "skipped",
      outcome: "skipped",
      attempts: [["skipped", 500]],
    },
    {
      source: "b",
      received_at: at(11, 30),
      status: "dead",
      last_error_code: "close_rejected",
      last_error_message: "POST /contact/: Invalid email",
      attempts: [["dead", 700, "close_rejected"]],
    },
    // Bucket 21 (10:00-11:00): one waiting for a retry, one queued.
    {
      source: "b",
      received_at: at(10),
      status: "retrying",
      last_error_code: "close_unavailable",
      last_error_message: "POST /data/search/: Close answered 503",
      attempts: [["retry", 400, "close_unavailable"]],
    },
    { source: "b", received_at: at(10, 59) + 59_999, status: "queued" },
    // Bucket 0 (13:00 on March 3rd, the window's first instant): dead.
    {
      source: "a",
      received_at: END - 24 * HOUR,
      status: "dead",
      last_error_code: "close_rejected",
      last_error_message: "POST /lead/: Invalid phone",
    },
    // One millisecond before the 24-hour window: only the 7-day window counts it.
    {
      source: "a",
      received_at: END - 24 * HOUR - 1,
      status: "delivered",
      outcome: "created",
      attempts: [["created", 60_000]],
    },
  ]);
  await insertUnrecorded([
    [at(12), "a", "ignored", 200, 2],
    [at(12), "a", "unmappable", 422, 3],
    [at(11), "b", "spam", 202, 1],
    [END - 25 * HOUR, "a", "unmappable", 422, 5],
  ]);
}

describe("the overview's aggregates (a log with known rows)", () => {
  it("counts the last 24 hours by status, outcome and source", async () => {
    await insertKnownLog();
    const stats = await computeStats(env.DB, statsWindow("24h", NOW));
    expect(stats.from).toBe(END - 24 * HOUR);
    expect(stats.to).toBe(END);
    expect(stats.by_status).toEqual({ delivered: 3, skipped: 1, dead: 2, retrying: 1, queued: 1 });
    expect(stats.outcomes).toEqual({
      created: 2,
      updated: 1,
      skipped: 1,
      in_progress: 2,
      dead: 2,
      ignored: 2,
      spam: 1,
      refused: 3,
    });
    expect(stats.by_source).toEqual([
      {
        source: "a",
        total: 5,
        by_status: { delivered: 3, skipped: 1, dead: 1 },
        unrecorded: 5,
      },
      { source: "b", total: 3, by_status: { dead: 1, retrying: 1, queued: 1 }, unrecorded: 1 },
    ]);
    expect(stats.unrecorded).toEqual([
      { source: "a", outcome: "unmappable", status: 422, count: 3 },
      { source: "a", outcome: "ignored", status: 200, count: 2 },
      { source: "b", outcome: "spam", status: 202, count: 1 },
    ]);
  });

  it("splits the 24 hours into 24 hourly buckets by outcome", async () => {
    await insertKnownLog();
    const stats = await computeStats(env.DB, statsWindow("24h", NOW));
    expect(stats.outcome_buckets).toHaveLength(24);
    expect(stats.outcome_buckets.map((bucket) => bucket.start)).toEqual(
      Array.from({ length: 24 }, (_, i) => END - 24 * HOUR + i * HOUR),
    );
    const nonEmpty = Object.fromEntries(
      stats.outcome_buckets.flatMap((bucket, i) => {
        const counts = Object.fromEntries(
          Object.entries(bucket).filter(([key, n]) => key !== "start" && n !== 0),
        );
        return Object.keys(counts).length > 0 ? [[i, counts]] : [];
      }),
    );
    expect(nonEmpty).toEqual({
      0: { dead: 1 },
      21: { in_progress: 2 },
      22: { skipped: 1, dead: 1, spam: 1 },
      23: { created: 2, updated: 1, ignored: 2, refused: 3 },
    });
  });

  it("computes the delivery delay p50 and p95 per hour from each first successful attempt", async () => {
    await insertKnownLog();
    const stats = await computeStats(env.DB, statsWindow("24h", NOW));
    expect(stats.delay_buckets).toHaveLength(24);
    // Hour 23: delays 1 s, 3 s and 9 s (the third after a failed attempt): nearest rank.
    expect(stats.delay_buckets[23]).toMatchObject({ delivered: 3, p50_ms: 3000, p95_ms: 9000 });
    expect(stats.delay_buckets[22]).toMatchObject({ delivered: 1, p50_ms: 500, p95_ms: 500 });
    const others = stats.delay_buckets.filter((_, i) => i !== 22 && i !== 23);
    expect(others.every((b) => b.delivered === 0 && b.p50_ms === null && b.p95_ms === null)).toBe(
      true,
    );
  });

  it("ranks percentiles by nearest rank over many deliveries in one hour", async () => {
    // Delays 1..20 s: p50 is the 10th smallest, p95 the 19th.
    await insertLog(
      Array.from({ length: 20 }, (_, i) => ({
        source: "a",
        received_at: at(12, i),
        status: "delivered",
        outcome: "created",
        attempts: [["created", (20 - i) * 1000] as [string, number]],
      })),
    );
    const stats = await computeStats(env.DB, statsWindow("24h", NOW));
    expect(stats.delay_buckets[23]).toMatchObject({
      delivered: 20,
      p50_ms: 10_000,
      p95_ms: 19_000,
    });
  });

  it("lists the failure reasons of the window by the submissions they hit, and what became of them", async () => {
    await insertKnownLog();
    const stats = await computeStats(env.DB, statsWindow("24h", NOW));
    expect(stats.failure_reasons).toEqual([
      // One dead at its attempt, one dead without an attempt (the queue gave up on it).
      {
        code: "close_rejected",
        count: 2,
        dead: 2,
        recovered: 0,
        example: expect.stringMatching(/^POST \/(contact|lead)\//),
      },
      // One waiting for its retry, one delivered on its second attempt.
      {
        code: "close_unavailable",
        count: 2,
        dead: 0,
        recovered: 1,
        example: "POST /data/search/: Close answered 503",
      },
    ]);
  });

  it("counts the 7 days in 28 buckets of 6 hours, the older rows included", async () => {
    await insertKnownLog();
    const stats = await computeStats(env.DB, statsWindow("7d", NOW));
    expect(stats.from).toBe(END - 7 * 24 * HOUR);
    expect(stats.outcome_buckets).toHaveLength(28);
    expect(stats.by_status).toEqual({ delivered: 4, skipped: 1, dead: 2, retrying: 1, queued: 1 });
    expect(stats.outcomes.refused).toBe(8);
    // 07:00-13:00 on March 4th is the last bucket: everything of bucket 21-23 above but the dead one at 11:30 too.
    expect(stats.outcome_buckets[27]).toMatchObject({
      created: 2,
      updated: 1,
      skipped: 1,
      dead: 1,
      in_progress: 2,
      ignored: 2,
      spam: 1,
      refused: 3,
    });
    expect(stats.delay_buckets[27]).toMatchObject({ delivered: 4, p50_ms: 1000, p95_ms: 9000 });
  });

  it("answers zeros for an empty log", async () => {
    const stats = await computeStats(env.DB, statsWindow("24h", NOW));
    expect(stats.by_status).toEqual({});
    expect(Object.values(stats.outcomes).every((n) => n === 0)).toBe(true);
    expect(stats.outcome_buckets).toHaveLength(24);
    expect(stats.failure_reasons).toEqual([]);
    expect(stats.by_source).toEqual([]);
  });
});

describe("dead letters by reason", () => {
  it("groups every dead submission by its last error code, largest group first", async () => {
    await insertKnownLog();
    await insertLog([
      { source: "c", received_at: at(9), status: "dead", last_error_code: "close_rejected" },
      {
        source: "c",
        received_at: at(8),
        status: "dead",
        last_error_code: "queue_retries_exhausted",
      },
    ]);
    expect(await groupDeadLetters(env.DB)).toEqual([
      {
        code: "close_rejected",
        count: 3,
        by_source: { a: 1, b: 1, c: 1 },
        oldest: END - 24 * HOUR,
        newest: at(11, 30),
        example: expect.stringMatching(/^POST \//),
      },
      {
        code: "queue_retries_exhausted",
        count: 1,
        by_source: { c: 1 },
        oldest: at(8),
        newest: at(8),
        example: null,
      },
    ]);
  });
});

describe("each source's last submission", () => {
  it("answers the newest receipt of each source, and null for one without any", async () => {
    await insertKnownLog();
    const last = await findLastReceived(env.DB, ["a", "b", "never"]);
    expect(Object.fromEntries(last)).toEqual({
      a: at(12, 25),
      b: at(11, 30),
      never: null,
    });
  });
});

describe("each source's last post, recorded or not", () => {
  it("answers the newest unrecorded post of each source with what became of it", async () => {
    const rows: [number, string, string, number, number, number | null][] = [
      [at(11), "a", "unmappable", 422, 2, at(11, 40)],
      [at(12), "a", "spam", 200, 1, at(12, 5)],
      [at(12), "a", "ignored", 200, 3, at(12, 20)],
      [at(12), "b", "invalid_body", 400, 1, at(12, 45)],
      [at(12), "b", "ignored", 200, 1, at(12, 15)],
      // Counted before the time of a post was kept: it dates from its hour.
      [at(10), "c", "spam", 200, 1, null],
    ];
    for (const [hour, source, outcome, status, count, lastAt] of rows) {
      await env.DB.prepare(
        "INSERT INTO unrecorded_posts (hour, source, outcome, status, count, last_at) VALUES (?, ?, ?, ?, ?, ?)",
      )
        .bind(hour, source, outcome, status, count, lastAt)
        .run();
    }
    const last = await findLastUnrecorded(env.DB, ["a", "b", "c", "never"]);
    expect(Object.fromEntries(last)).toEqual({
      a: { at: at(12, 20), result: "ignored", code: null, status: 200 },
      b: { at: at(12, 45), result: "refused", code: "invalid_body", status: 400 },
      c: { at: at(10), result: "spam", code: null, status: 200 },
      never: null,
    });
  });

  const refused: LastPost = { at: at(12, 30), result: "refused", code: "unmappable", status: 422 };
  it.each([
    ["nothing at all", null, null, null],
    [
      "only a recorded submission",
      at(12),
      null,
      { at: at(12), result: "recorded", code: null, status: null },
    ],
    ["only an unrecorded post", null, refused, refused],
    ["a refusal after the last submission", at(12), refused, refused],
    [
      "a submission after the last refusal",
      at(12, 50),
      refused,
      { at: at(12, 50), result: "recorded", code: null, status: null },
    ],
  ] as const)("picks the newer of the two: %s", (_, received, unrecorded, expected) => {
    expect(pickLastPost(received, unrecorded)).toEqual(expected);
  });
});
