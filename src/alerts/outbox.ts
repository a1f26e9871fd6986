// The alert outbox in D1: each alert is a row per channel, written in the same batch as the
// incident change it announces, then sent apart from any delivery (after a queue batch, by the
// cron, after a request that opened an incident) and retried with backoff until the channel
// takes it. A failing channel never holds up a delivery, and a crash never loses an alert.
import { logEvent, redactPersonalData } from "../log.ts";
import * as z from "../zod.ts";
import { AlertNotSent, type ChannelName, sendAlert } from "./channels.ts";
import { Alert } from "./messages.ts";

/** How long a sender holds a row it is sending. */
const SEND_LEASE_MS = 60_000;
/** Rows sent per drain; the next drain takes the rest. */
const DRAIN_LIMIT = 25;
/** After this many failed attempts a message is given up (and deep health says so). */
export const MAX_ALERT_ATTEMPTS = 12;
/** The first retry's delay; each next one doubles, up to an hour. */
const RETRY_BASE_MS = 30_000;
const RETRY_MAX_MS = 3_600_000;

/** Where an alert goes and what it is announcing. */
export type OutboxEntry = {
  /** Names the event: `<incident id>.<kind>[.<n>]`; with the channel, the row's id. */
  eventId: string;
  incidentId: string | null;
  alert: Alert;
  channels: readonly ChannelName[];
  now: number;
  /**
   * An SQL condition (with its values) that must hold for the rows to be written, checked in
   * the same statement: "the incident this batch opened exists", say.
   */
  onlyIf?: { sql: string; values: (string | number)[] };
};

/**
 * The statements that queue an alert for each channel; run them in the batch that changes the
 * incident. Ids are fixed per event, so two isolates announcing one event write one row.
 */
export function queueAlert(db: D1Database, entry: OutboxEntry): D1PreparedStatement[] {
  const message = JSON.stringify(entry.alert);
  return entry.channels.map((channel) =>
    db
      .prepare(
        `INSERT OR IGNORE INTO alert_outbox (id, channel, kind, incident_id, message, status, next_attempt_at, created_at)
         SELECT ?1, ?2, ?3, ?4, ?5, 'pending', ?6, ?6 WHERE ${entry.onlyIf?.sql ?? "1"}`,
      )
      .bind(
        `${entry.eventId}.${channel}`,
        channel,
        entry.alert.kind,
        entry.incidentId,
        message,
        entry.now,
        ...(entry.onlyIf?.values ?? []),
      ),
  );
}

const OutboxRow = z.deferred(() =>
  z.object({
    id: z.string(),
    channel: z.enum(["slack", "webhook", "email"]),
    kind: z.string(),
    incident_id: z.nullable(z.string()),
    message: z.string(),
    attempts: z.number(),
    created_at: z.number(),
  }),
);

/** The delay before retrying a message after `attempts` failed tries. */
export function alertRetryDelayMs(attempts: number): number {
  return Math.min(RETRY_MAX_MS, RETRY_BASE_MS * 2 ** Math.max(0, attempts - 1));
}

/** What one drain did. */
export type DrainReport = { sent: number; retrying: number; failed: number };

/**
 * Brings an alert up to date just before it is sent (its incident's count grew since it was
 * queued, say); the alert as queued is sent when this fails.
 */
export type RefreshAlert = (alert: Alert, incidentId: string | null) => Promise<Alert>;

/** Sends one claimed row and records the outcome. */
async function sendRow(
  env: Env,
  row: z.infer<typeof OutboxRow>,
  now: number,
  refresh: RefreshAlert | undefined,
) {
  let problem: string | undefined;
  try {
    const queued = Alert.parse(JSON.parse(row.message));
    const alert = refresh ? await refresh(queued, row.incident_id).catch(() => queued) : queued;
    await sendAlert(env, row.channel, row.id, alert, now);
  } catch (error) {
    problem =
      error instanceof AlertNotSent
        ? redactPersonalData(error.message)
        : `the message could not be sent (${error instanceof Error ? error.name : "unknown"})`;
  }
  const db = env.DB;
  if (problem === undefined) {
    await db
      .prepare(
        "UPDATE alert_outbox SET status = 'sent', sent_at = ?2, lease_until = NULL, last_error = NULL WHERE id = ?1",
      )
      .bind(row.id, now)
      .run();
    logEvent("info", "alert.sent", { alert_id: row.id, channel: row.channel, kind: row.kind });
    return "sent" as const;
  }
  const giveUp = row.attempts >= MAX_ALERT_ATTEMPTS;
  await db
    .prepare(
      "UPDATE alert_outbox SET status = ?2, next_attempt_at = ?3, lease_until = NULL, last_error = ?4 WHERE id = ?1",
    )
    .bind(row.id, giveUp ? "failed" : "pending", now + alertRetryDelayMs(row.attempts), problem)
    .run();
  logEvent(giveUp ? "error" : "warn", giveUp ? "alert.failed" : "alert.retry", {
    alert_id: row.id,
    channel: row.channel,
    attempt: row.attempts,
    error: problem,
  });
  return giveUp ? ("failed" as const) : ("retrying" as const);
}

/**
 * Sends the alerts that are due. Each row is claimed (a lease, one attempt counted) in one
 * statement, so concurrent drains never send one message twice while its lease holds.
 */
export async function drainAlerts(
  env: Env,
  now: number,
  refresh?: RefreshAlert,
): Promise<DrainReport> {
  const { results } = await env.DB.prepare(
    `UPDATE alert_outbox SET lease_until = ?1 + ${SEND_LEASE_MS}, attempts = attempts + 1
     WHERE id IN (SELECT id FROM alert_outbox WHERE status = 'pending' AND next_attempt_at <= ?1
                    AND (lease_until IS NULL OR lease_until < ?1) ORDER BY next_attempt_at LIMIT ?2)
       AND status = 'pending' AND (lease_until IS NULL OR lease_until < ?1)
     RETURNING *`,
  )
    .bind(now, DRAIN_LIMIT)
    .all();
  const rows = results.map((row) => OutboxRow.parse(row));
  const outcomes = await Promise.all(rows.map((row) => sendRow(env, row, now, refresh)));
  return {
    sent: outcomes.filter((o) => o === "sent").length,
    retrying: outcomes.filter((o) => o === "retrying").length,
    failed: outcomes.filter((o) => o === "failed").length,
  };
}

/** The outbox as deep health reports it: waiting messages, and those given up lately. */
export async function summarizeOutbox(db: D1Database, now: number, sinceMs: number) {
  const row = await db
    .prepare(
      `SELECT SUM(status = 'pending') AS pending, SUM(status = 'failed' AND next_attempt_at >= ?1) AS failed,
         (SELECT last_error FROM alert_outbox WHERE status IN ('pending', 'failed') AND last_error IS NOT NULL
          ORDER BY next_attempt_at DESC LIMIT 1) AS last_error
       FROM alert_outbox WHERE status IN ('pending', 'failed')`,
    )
    .bind(now - sinceMs)
    .first<{ pending: number | null; failed: number | null; last_error: string | null }>();
  return {
    pending: row?.pending ?? 0,
    failed: row?.failed ?? 0,
    last_error: row?.last_error ?? null,
  };
}

/** Forgets sent and given-up messages older than `beforeMs`. */
export async function pruneOutbox(db: D1Database, beforeMs: number): Promise<number> {
  const result = await db
    .prepare("DELETE FROM alert_outbox WHERE status IN ('sent', 'failed') AND created_at < ?")
    .bind(beforeMs)
    .run();
  return result.meta.changes ?? 0;
}
