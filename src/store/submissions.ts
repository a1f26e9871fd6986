// The submission log in D1 (stage 7, record): one row per accepted submission with its status,
// attempts, errors, Close ids and mapped draft. Every change is one conditional statement or
// one batch (a transaction), so concurrent deliveries cannot race each other.
import type { ErrorCode } from "../errors.ts";
import { SenderInput } from "../parse/sender-input.ts";
import { ContactDraft } from "../validate/draft.ts";
import * as z from "../zod.ts";
import { MERGE_ROUTING_SQL, type RoutingProgress, readRoutingProgress } from "./routing.ts";

/** What an upsert did. */
export type Outcome = "created" | "updated" | "skipped";

/** How far an upsert got: saved after each step, resumed from on a retry. */
export type UpsertProgress = {
  contact_id?: string;
  lead_id?: string;
  note_id?: string;
  outcome?: Outcome;
  /** How far routing in Close got (deliver/routing.ts). */
  routing?: RoutingProgress;
};

/** Where a submission is on its way to Close. */
export const SubmissionStatus = z.deferred(() =>
  z.enum(["queued", "delivering", "retrying", "delivered", "skipped", "dead"]),
);
export type SubmissionStatus = z.infer<typeof SubmissionStatus>;

/** A row of the log as stored. */
const SubmissionRow = z.deferred(() =>
  z.object({
    id: z.string(),
    source: z.string(),
    mode: z.enum(["queue", "sync"]),
    received_at: z.number(),
    dedupe_key: z.nullable(z.string()),
    status: SubmissionStatus,
    outcome: z.nullable(z.enum(["created", "updated", "skipped"])),
    attempts: z.number(),
    max_retries: z.number(),
    next_attempt_at: z.nullable(z.number()),
    lease_until: z.nullable(z.number()),
    last_error_code: z.nullable(z.string()),
    last_error_message: z.nullable(z.string()),
    last_error_details: z.nullable(z.string()),
    contact_id: z.nullable(z.string()),
    lead_id: z.nullable(z.string()),
    note_id: z.nullable(z.string()),
    draft: z.nullable(z.string()),
    updated_at: z.number(),
    /** The turn of the queue message the submission waits for (see `SubmissionMessage`). */
    turn: z.number(),
    /** Routing progress, JSON (store/routing.ts). */
    routing: z.nullable(z.string()),
  }),
);
type SubmissionRow = z.infer<typeof SubmissionRow>;

// The columns a submission is read with: every one but `input` (what the sender sent), which
// only a replay reads, so that lists and the hot path do not carry bodies back and forth.
let rowColumns: string | undefined;
/** The columns a submission row is read with (its schema's keys), listed once first needed. */
function readRowColumns(): string {
  rowColumns ??= Object.keys(SubmissionRow.shape).join(", ");
  return rowColumns;
}

/** A submission as the rest of the bridge sees it. */
export type Submission = Omit<SubmissionRow, "draft" | "last_error_details"> & {
  draft: ContactDraft | null;
  last_error_details: { field: string; problem: string }[] | null;
};

function toSubmission(row: unknown): Submission {
  const parsed = SubmissionRow.parse(row);
  return {
    ...parsed,
    draft: parsed.draft === null ? null : ContactDraft.parse(JSON.parse(parsed.draft)),
    last_error_details:
      parsed.last_error_details === null ? null : JSON.parse(parsed.last_error_details),
  };
}

/** The upsert's progress as saved in a row. */
export function progressOf(submission: Submission): UpsertProgress {
  const progress: UpsertProgress = {};
  if (submission.contact_id) progress.contact_id = submission.contact_id;
  if (submission.lead_id) progress.lead_id = submission.lead_id;
  if (submission.note_id) progress.note_id = submission.note_id;
  if (submission.outcome) progress.outcome = submission.outcome;
  const routing = readRoutingProgress(submission.routing);
  if (routing) progress.routing = routing;
  return progress;
}

/** A new submission to record. */
export type NewSubmission = {
  id: string;
  source: string;
  mode: "queue" | "sync";
  receivedAt: number;
  dedupeKey: string | undefined;
  /**
   * The key counts only within this many seconds: set for a hash of the body
   * (`dedupe_window_s`), never for a sender's own key, which holds as long as the row.
   */
  dedupeWindowS?: number;
  maxRetries: number;
  draft: ContactDraft;
  /** What the sender sent, kept until delivery for a replay (undefined when too large to keep). */
  input: SenderInput | undefined;
  /** The search hashes of the person's emails (see email-hash.ts), kept after the draft goes. */
  emailHashes?: string[];
  /** What the preset read, as `serializeAnswers` wrote it; removed with the draft. */
  answers?: string | undefined;
  status: "queued" | "delivering";
};

/**
 * The outcome of recording: a new row; the row an earlier delivery with the same key made
 * (`replayed`); or that row taken up again, when it was dead, with this delivery's draft and
 * input (`revived`: a new attempt of the same submission).
 */
export type Recorded = { replayed: boolean; revived: boolean; submission: Submission };

/**
 * Records a submission, unless one with the same dedupe key exists for the source: then that
 * one is answered. One statement with its email hashes (a trigger files them, migration 0010),
 * after a body hash's expiry in the same batch when it has one; a unique index (not a
 * read-then-write) makes two concurrent deliveries of one key one row.
 */
export async function recordSubmission(db: D1Database, input: NewSubmission): Promise<Recorded> {
  const leaseUntil = input.status === "delivering" ? input.receivedAt + LEASE_MS : null;
  const hashes = input.emailHashes ?? [];
  const insert = db
    .prepare(
      `INSERT INTO submissions (id, source, mode, received_at, dedupe_key, status, attempts, max_retries, draft, updated_at, lease_until, input, answers, email_hashes)
       VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?4, ?10, ?11, ?12, ?13)
       ON CONFLICT (source, dedupe_key) WHERE dedupe_key IS NOT NULL DO NOTHING
       RETURNING id`,
    )
    .bind(
      input.id,
      input.source,
      input.mode,
      input.receivedAt,
      input.dedupeKey ?? null,
      input.status,
      input.status === "delivering" ? 1 : 0,
      input.maxRetries,
      JSON.stringify(input.draft),
      leaseUntil,
      input.input ? JSON.stringify(input.input) : null,
      input.answers ?? null,
      hashes.length > 0 ? JSON.stringify(hashes) : null,
    );
  const statements = [insert];
  if (input.dedupeWindowS !== undefined && input.dedupeKey !== undefined) {
    // A body hash only counts within its window: an older row with it gives the key up first.
    const expire = db
      .prepare(
        "UPDATE submissions SET dedupe_key = dedupe_key || ':' || id WHERE source = ? AND dedupe_key = ? AND received_at < ?",
      )
      .bind(input.source, input.dedupeKey, input.receivedAt - input.dedupeWindowS * 1000);
    statements.unshift(expire);
  }
  const results = statements.length === 1 ? undefined : await db.batch(statements);
  const inserted = results
    ? results[statements.indexOf(insert)]?.results[0]
    : ((await insert.first()) ?? undefined);
  // The new row is exactly what was written: no need to read it back and parse it again.
  if (inserted) return { replayed: false, revived: false, submission: newSubmissionOf(input) };
  // The key was taken (by an earlier delivery, or a concurrent one that won the unique index).
  const existing = toSubmission(
    await db
      .prepare(`SELECT ${readRowColumns()} FROM submissions WHERE source = ? AND dedupe_key = ?`)
      .bind(input.source, input.dedupeKey ?? null)
      .first(),
  );
  if (existing.status !== "dead") return { replayed: true, revived: false, submission: existing };
  // A dead submission sent again is a new attempt of it, mapped anew: one conditional statement,
  // so that of two concurrent redeliveries only one takes it up, in a new turn (its message is
  // the current one). Its Close ids and last error stay, so that the delivery looks for what an
  // earlier attempt may have written.
  const revive = db
    .prepare(
      `UPDATE submissions SET status = ?3, mode = ?4, attempts = ?5, max_retries = ?6, draft = ?7, input = ?8,
         next_attempt_at = NULL, lease_until = ?9, updated_at = ?10, turn = turn + 1,
         emails_hashed = 1, answers = ?11, email_hashes = ?12
       WHERE id = ?1 AND source = ?2 AND status = 'dead'
       RETURNING ${readRowColumns()}`,
    )
    .bind(
      existing.id,
      input.source,
      input.status,
      input.mode,
      input.status === "delivering" ? 1 : 0,
      input.maxRetries,
      JSON.stringify(input.draft),
      input.input ? JSON.stringify(input.input) : null,
      leaseUntil,
      input.receivedAt,
      input.answers ?? null,
      // Even an empty list: the trigger then removes the emails the earlier draft had.
      JSON.stringify(hashes),
    );
  // Its emails are the new draft's: the update's trigger refiles them (migration 0011), so an
  // update that lost a race files nothing.
  const result = await revive.first();
  if (result) return { replayed: false, revived: true, submission: toSubmission(result) };
  return { replayed: true, revived: false, submission: existing };
}

/** What the sender sent for a submission, when the log still keeps it. */
export async function loadSenderInput(
  db: D1Database,
  id: string,
): Promise<SenderInput | undefined> {
  const row = await db
    .prepare("SELECT input FROM submissions WHERE id = ?")
    .bind(id)
    .first<{ input: string | null }>();
  return row?.input ? SenderInput.parse(JSON.parse(row.input)) : undefined;
}

/** The row `recordSubmission` writes for `input`, as `toSubmission` would read it. */
function newSubmissionOf(input: NewSubmission): Submission {
  const delivering = input.status === "delivering";
  return {
    id: input.id,
    source: input.source,
    mode: input.mode,
    received_at: input.receivedAt,
    dedupe_key: input.dedupeKey ?? null,
    status: input.status,
    outcome: null,
    attempts: delivering ? 1 : 0,
    max_retries: input.maxRetries,
    next_attempt_at: null,
    lease_until: delivering ? input.receivedAt + LEASE_MS : null,
    last_error_code: null,
    last_error_message: null,
    last_error_details: null,
    contact_id: null,
    lead_id: null,
    note_id: null,
    draft: input.draft,
    updated_at: input.receivedAt,
    // The column's default: a new row waits for the first queue message.
    turn: 0,
    routing: null,
  };
}

/** A write to the log that kept failing (D1 unavailable): what it recorded is not in the log. */
export class StoreUnavailable extends Error {
  constructor(cause: unknown) {
    super("The submission log (D1) could not be written", { cause });
    this.name = "StoreUnavailable";
  }
}

/** Waits before the second and third try of a write to the log. */
const STORE_RETRY_MS = [100, 500];

/**
 * Runs a write to the log, trying it twice more after a short wait when D1 fails it; throws
 * `StoreUnavailable` when all three fail. For the writes that record what Close already did.
 */
export async function writeReliably<T>(write: () => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await write();
    } catch (error) {
      const waitMs = STORE_RETRY_MS[attempt];
      if (waitMs === undefined) throw new StoreUnavailable(error);
      await new Promise((resolve) => setTimeout(resolve, waitMs));
    }
  }
}

/** One submission, or undefined. */
export async function loadSubmission(db: D1Database, id: string): Promise<Submission | undefined> {
  const row = await db.prepare("SELECT * FROM submissions WHERE id = ?").bind(id).first();
  return row === null ? undefined : toSubmission(row);
}

/**
 * How long a delivery holds its submission. A delivery runs in a queue consumer invocation, which
 * Cloudflare stops after 15 minutes of wall time, or in a sync request, whose Close calls each
 * time out (CLOSE_TIMEOUT_MS) within a few retries: a minute more than the consumer's limit, and
 * no delivery outlives its lease however its rate-limit waits add up. Another delivery (the
 * redelivered message of a consumer that died) takes over only then.
 */
export const LEASE_MS = 16 * 60_000;

/**
 * Takes a submission for delivery: counts the attempt and holds a lease (`leaseMs`, by default
 * `LEASE_MS`). Undefined when it is finished, another delivery holds it, or its next attempt is
 * not due yet (a retry waits for its time: after a write whose answer was lost, long enough for
 * Close's search to show that write).
 */
export async function startDelivery(
  db: D1Database,
  id: string,
  now: number,
  leaseMs: number = LEASE_MS,
): Promise<Submission | undefined> {
  const row = await db
    .prepare(
      `UPDATE submissions SET status = 'delivering', attempts = attempts + 1, lease_until = ?2, next_attempt_at = NULL, updated_at = ?3
       WHERE id = ?1 AND status IN ('queued', 'retrying', 'delivering') AND (lease_until IS NULL OR lease_until < ?3)
         AND (next_attempt_at IS NULL OR next_attempt_at <= ?3)
       RETURNING *`,
    )
    .bind(id, now + leaseMs, now)
    .first();
  return row === null ? undefined : toSubmission(row);
}

/** Saves the upsert's progress as soon as Close answers. */
export async function saveProgress(
  db: D1Database,
  id: string,
  progress: UpsertProgress,
  now: number,
) {
  await db
    .prepare(
      `UPDATE submissions SET contact_id = ?2, lead_id = ?3, note_id = ?4, outcome = ?5, updated_at = ?6,
         routing = ${MERGE_ROUTING_SQL.replace("?", "?7")} WHERE id = ?1`,
    )
    .bind(
      id,
      progress.contact_id ?? null,
      progress.lead_id ?? null,
      progress.note_id ?? null,
      progress.outcome ?? null,
      now,
      JSON.stringify(progress.routing ?? {}),
    )
    .run();
}

/**
 * Marks a submission delivered (or skipped, when the source skips duplicates). What the sender
 * sent goes now: only an undelivered submission is mapped anew.
 */
export async function finishDelivery(
  db: D1Database,
  id: string,
  progress: UpsertProgress,
  now: number,
) {
  const status: SubmissionStatus = progress.outcome === "skipped" ? "skipped" : "delivered";
  await db
    .prepare(
      `UPDATE submissions SET status = ?2, outcome = ?3, contact_id = ?4, lead_id = ?5, note_id = ?6,
         lease_until = NULL, next_attempt_at = NULL, last_error_code = NULL, last_error_message = NULL,
         last_error_details = NULL, input = NULL, updated_at = ?7, routing = ${MERGE_ROUTING_SQL.replace("?", "?8")}
       WHERE id = ?1`,
    )
    .bind(
      id,
      status,
      (progress.outcome ?? null) as Outcome | null,
      progress.contact_id ?? null,
      progress.lead_id ?? null,
      progress.note_id ?? null,
      now,
      JSON.stringify(progress.routing ?? {}),
    )
    .run();
}

/** Why a delivery attempt failed, for the log (no personal data). */
export type DeliveryError = {
  code: ErrorCode;
  message: string;
  details?: { field: string; problem: string }[];
};

/**
 * Marks a submission for another attempt at `nextAttemptAt`, under a new turn: answers that turn
 * (the message to send carries it), or undefined when the submission is no longer waiting.
 */
export async function scheduleRetry(
  db: D1Database,
  id: string,
  nextAttemptAt: number,
  error: DeliveryError,
  now: number,
  /** A wait that was not a failed attempt (a rate limit, a configuration problem): give it back. */
  refundAttempt = false,
): Promise<number | undefined> {
  const row = await db
    .prepare(
      `UPDATE submissions SET status = 'retrying', next_attempt_at = ?2, lease_until = NULL, last_error_code = ?3,
         last_error_message = ?4, last_error_details = ?5, updated_at = ?6, attempts = MAX(0, attempts - ?7),
         turn = turn + 1
       WHERE id = ?1 AND status IN ('queued', 'delivering', 'retrying')
       RETURNING turn`,
    )
    .bind(
      id,
      nextAttemptAt,
      error.code,
      error.message,
      error.details ? JSON.stringify(error.details) : null,
      now,
      refundAttempt ? 1 : 0,
    )
    .first<{ turn: number }>();
  return row?.turn;
}

/**
 * Marks dead a submission the queue gave up on, in one statement, unless it is finished, a
 * delivery holds it, or the message the queue gave up on is not its current turn (an older
 * duplicate: the submission's real attempt is still to come). Answers the row it marked, or
 * undefined when it left it alone.
 */
export async function abandonSubmission(
  db: D1Database,
  id: string,
  turn: number,
  error: DeliveryError,
  now: number,
): Promise<Submission | undefined> {
  const row = await db
    .prepare(
      `UPDATE submissions SET status = 'dead', lease_until = NULL, next_attempt_at = NULL,
         last_error_code = ?2, last_error_message = ?3, updated_at = ?4
       WHERE id = ?1 AND turn = ?5 AND status IN ('queued', 'retrying', 'delivering')
         AND (lease_until IS NULL OR lease_until < ?4)
       RETURNING *`,
    )
    .bind(id, error.code, error.message, now, turn)
    .first();
  return row === null ? undefined : toSubmission(row);
}

/** Marks a submission dead: it will not be tried again unless replayed. */
export async function markDead(
  db: D1Database,
  id: string,
  error: DeliveryError | undefined,
  now: number,
) {
  await db
    .prepare(
      `UPDATE submissions SET status = 'dead', lease_until = NULL, next_attempt_at = NULL,
         last_error_code = COALESCE(?2, last_error_code), last_error_message = COALESCE(?3, last_error_message),
         last_error_details = COALESCE(?4, last_error_details), updated_at = ?5
       WHERE id = ?1 AND status NOT IN ('delivered', 'skipped')`,
    )
    .bind(
      id,
      error?.code ?? null,
      error?.message ?? null,
      error?.details ? JSON.stringify(error.details) : null,
      now,
    )
    .run();
}

/**
 * Gives a submission back to the log untried (the attempt is not counted): it stays `queued`,
 * with the reason, and the scheduled sweep sends it again. For a delivery that cannot run now
 * through no fault of the submission (its source is missing or broken in the configuration).
 */
export async function releaseSubmission(
  db: D1Database,
  id: string,
  error: DeliveryError,
  now: number,
) {
  await db
    .prepare(
      `UPDATE submissions SET status = 'queued', lease_until = NULL, next_attempt_at = NULL,
         attempts = MAX(0, attempts - 1), last_error_code = ?2, last_error_message = ?3, updated_at = ?4
       WHERE id = ?1 AND status = 'delivering'`,
    )
    .bind(id, error.code, error.message, now)
    .run();
}

/** What a replay may take. */
export type RequeueOptions = {
  /** Deliver again a submission that was already delivered or skipped. */
  force?: boolean;
  /** Only a submission in this status (a bulk replay takes what it listed, nothing else). */
  status?: SubmissionStatus;
  /**
   * The draft mapped anew from what the sender sent, with its emails' search hashes (else the
   * stored draft is delivered and its hashes stay).
   */
  remapped?: { draft: ContactDraft; emailHashes: string[] };
};

/**
 * A delivered submission's routing progress for a forced re-delivery: routed again from the
 * start (its lead may be a new one), keeping the owner turn it took (a submission never turns
 * the rotation twice) and marked `rerouted`, so that each step first looks on the lead for the
 * task, activity and opportunity the earlier delivery made.
 */
const REROUTE_SQL = `json_patch('{"rerouted":true}', json_object('owner_turn',
  CASE WHEN json_valid(routing) THEN json_extract(routing, '$.owner_turn') END))`;

/**
 * Puts a submission back in the queue's hands for a replay, with a fresh retry budget and a new
 * turn, in one statement: never while a delivery holds its lease, never without its draft, and a
 * delivered or skipped one only when forced; with `remapped` when the replay mapped what the
 * sender sent anew (its emails' search hashes refiled with it). Undefined when it took nothing.
 */
export async function requeueSubmission(
  db: D1Database,
  id: string,
  now: number,
  options: RequeueOptions = {},
): Promise<Submission | undefined> {
  const row = await db
    .prepare(
      `UPDATE submissions SET status = 'queued', attempts = 0, next_attempt_at = NULL, lease_until = NULL,
         outcome = CASE WHEN status IN ('delivered', 'skipped') THEN NULL ELSE outcome END,
         note_id = CASE WHEN status IN ('delivered', 'skipped') THEN NULL ELSE note_id END,
         routing = CASE WHEN status IN ('delivered', 'skipped') THEN ${REROUTE_SQL} ELSE routing END,
         turn = turn + 1, draft = COALESCE(?5, draft), email_hashes = COALESCE(?6, email_hashes),
         updated_at = ?2
       WHERE id = ?1 AND draft IS NOT NULL
         AND (?3 = 1 OR status NOT IN ('delivered', 'skipped'))
         AND NOT (status = 'delivering' AND lease_until IS NOT NULL AND lease_until >= ?2)
         AND (?4 IS NULL OR status = ?4)
       RETURNING ${readRowColumns()}`,
    )
    .bind(
      id,
      now,
      options.force ? 1 : 0,
      options.status ?? null,
      options.remapped ? JSON.stringify(options.remapped.draft) : null,
      // Even an empty list: the trigger (migration 0011) refiles the emails the new draft has.
      options.remapped ? JSON.stringify(options.remapped.emailHashes) : null,
    )
    .first();
  return row === null ? undefined : toSubmission(row);
}

/**
 * Deletes a submission for the admin, unless a delivery holds it right now; answers the row it
 * deleted, or undefined.
 */
export async function deleteSubmission(
  db: D1Database,
  id: string,
  now: number,
): Promise<Submission | undefined> {
  const row = await db
    .prepare(
      `DELETE FROM submissions
       WHERE id = ?1 AND NOT (status = 'delivering' AND lease_until IS NOT NULL AND lease_until >= ?2)
       RETURNING ${readRowColumns()}`,
    )
    .bind(id, now)
    .first();
  return row === null ? undefined : toSubmission(row);
}

/** Filters of the admin list. */
export type SubmissionFilter = {
  status?: SubmissionStatus;
  source?: string;
  /** Only submissions received at or after this time (ms). */
  since?: number;
  /** Only submissions received before this time (ms). */
  until?: number;
  /** Only the submissions of this person (one of their emails' search hash, see email-hash.ts). */
  emailHash?: string;
  /** Only submissions that failed with this error code: at an attempt, or as their last error. */
  errorCode?: string;
  /** Only submissions older than this id (the previous page's last). */
  before?: string;
  limit: number;
};

/** Submissions newest first, one page. */
export async function listSubmissions(
  db: D1Database,
  filter: SubmissionFilter,
): Promise<Submission[]> {
  const where: string[] = [];
  const values: (string | number)[] = [];
  if (filter.status) {
    where.push("status = ?");
    values.push(filter.status);
  }
  if (filter.source) {
    where.push("source = ?");
    values.push(filter.source);
  }
  if (filter.since !== undefined) {
    where.push("received_at >= ?");
    values.push(filter.since);
  }
  if (filter.until !== undefined) {
    where.push("received_at < ?");
    values.push(filter.until);
  }
  if (filter.emailHash) {
    where.push("id IN (SELECT submission_id FROM submission_emails WHERE email_hash = ?)");
    values.push(filter.emailHash);
  }
  if (filter.errorCode) {
    where.push(
      "(last_error_code = ? OR id IN (SELECT submission_id FROM delivery_attempts WHERE error_code = ?))",
    );
    values.push(filter.errorCode, filter.errorCode);
  }
  if (filter.before) {
    where.push("id < ?");
    values.push(filter.before);
  }
  const sql = `SELECT ${readRowColumns()} FROM submissions ${where.length > 0 ? `WHERE ${where.join(" AND ")}` : ""} ORDER BY id DESC LIMIT ?`;
  const { results } = await db
    .prepare(sql)
    .bind(...values, filter.limit)
    .all();
  return results.map(toSubmission);
}

/** A submission the sweep sends again, with the turn its message carries. */
export type StalledSubmission = { id: string; turn: number };

/**
 * Submissions that should be moving but are not (a lost queue message, a crashed consumer),
 * those that waited longest first, so that a few that cannot move do not hold up the rest.
 */
export async function findStalled(
  db: D1Database,
  now: number,
  graceMs: number,
  limit: number,
): Promise<StalledSubmission[]> {
  const { results } = await db
    .prepare(
      `SELECT id, turn FROM submissions
       WHERE (status = 'queued' AND updated_at < ?1)
          OR (status = 'retrying' AND next_attempt_at < ?2)
          OR (status = 'delivering' AND lease_until < ?2)
       ORDER BY updated_at LIMIT ?3`,
    )
    .bind(now - graceMs, now, limit)
    .all<StalledSubmission>();
  return results;
}

/**
 * Applies the retention policy to finished submissions only: their drafts go after `days`, their
 * rows after twice that. A submission still on its way (`queued`, `retrying`, `delivering`) is
 * never touched, and a dead one keeps its row and draft (and what the sender sent) until it is
 * replayed or an admin deletes it. Remembered company leads unused for `days` are forgotten too (Close's search has long shown
 * them by then).
 */
export async function applyRetention(db: D1Database, now: number, days: number) {
  const day = 86_400_000;
  const [drafts, rows] = await db.batch([
    db
      .prepare(
        "UPDATE submissions SET draft = NULL, input = NULL, answers = NULL WHERE status IN ('delivered', 'skipped') AND received_at < ? AND draft IS NOT NULL",
      )
      .bind(now - days * day),
    db
      .prepare(
        "DELETE FROM submissions WHERE status IN ('delivered', 'skipped') AND received_at < ?",
      )
      .bind(now - 2 * days * day),
    db
      .prepare(
        "DELETE FROM company_leads WHERE updated_at < ? AND (hold_until IS NULL OR hold_until < ?)",
      )
      .bind(now - days * day, now),
  ]);
  return { draftsRemoved: drafts?.meta.changes ?? 0, rowsDeleted: rows?.meta.changes ?? 0 };
}
