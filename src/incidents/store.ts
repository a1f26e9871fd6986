// Incidents in D1: one open row per cause, source and detail. Opening, reminding and resolving
// each write the incident change and its alerts (one outbox row per channel) in one batch, so
// an alert is never lost nor sent twice for one event, however many deliveries see the cause.
import type { AlertTargets } from "../alerts/channels.ts";
import type { Alert, AlertedIncident, IncidentAlertKind } from "../alerts/messages.ts";
import { queueAlert } from "../alerts/outbox.ts";
import { newIncidentId } from "../ids.ts";
import * as z from "../zod.ts";
import { IncidentCause, titleOf } from "./causes.ts";

/** An incident row as stored. */
export const Incident = z.deferred(() =>
  z.object({
    id: z.string(),
    cause: IncidentCause,
    source: z.string(),
    detail: z.string(),
    status: z.enum(["open", "resolved"]),
    summary: z.string(),
    fix: z.string(),
    count: z.number(),
    example_id: z.nullable(z.string()),
    first_seen: z.number(),
    last_seen: z.number(),
    resolved_at: z.nullable(z.number()),
    resolution: z.nullable(z.string()),
    alerted_at: z.number(),
    reminders: z.number(),
  }),
);
export type Incident = z.infer<typeof Incident>;

/** What was seen: the incident it belongs to, and the words for it. */
export type Observation = {
  cause: IncidentCause;
  /** The source concerned, or null for the whole bridge. */
  source: string | null;
  /** What tells incidents of one cause and source apart (Close's refused field). */
  detail?: string;
  summary: string;
  fix: string;
  exampleId?: string;
  /** How many times it was seen now (default 1). */
  count?: number;
  /** The count an incident this observation opens starts at (default `count`). */
  openingCount?: number;
};

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** An incident as alerts and the admin API describe it. */
export function presentIncident(incident: Incident): AlertedIncident {
  const source = incident.source === "" ? null : incident.source;
  return {
    id: incident.id,
    cause: incident.cause,
    source,
    title: titleOf(incident.cause, incident.detail),
    summary: incident.summary,
    fix: incident.fix,
    count: incident.count,
    example_id: incident.example_id,
    first_seen: iso(incident.first_seen) ?? "",
    last_seen: iso(incident.last_seen) ?? "",
    resolved_at: iso(incident.resolved_at),
    resolution: incident.resolution,
  };
}

function alertOf(kind: IncidentAlertKind, incident: Incident, targets: AlertTargets) {
  return { kind, incident: presentIncident(incident), console_url: targets.consoleUrl };
}

/**
 * Records an observation: counts it on the open incident of its cause, source and detail, or
 * opens one (and queues its "opened" alert in the same batch). Answers the incident and
 * whether this call opened it.
 */
export async function recordIncident(
  db: D1Database,
  seen: Observation,
  now: number,
  targets: AlertTargets,
): Promise<{ incident: Incident; opened: boolean }> {
  const id = newIncidentId(now);
  const count = seen.count ?? 1;
  const openingCount = seen.openingCount ?? count;
  const upsert = db
    .prepare(
      `INSERT INTO incidents (id, cause, source, detail, status, summary, fix, count, example_id, first_seen, last_seen, alerted_at)
       VALUES (?1, ?2, ?3, ?4, 'open', ?5, ?6, ?10, ?8, ?9, ?9, ?9)
       ON CONFLICT (cause, source, detail) WHERE status = 'open' DO UPDATE SET
         count = count + ?7, last_seen = MAX(last_seen, excluded.last_seen),
         summary = excluded.summary, example_id = COALESCE(example_id, excluded.example_id)
       RETURNING *`,
    )
    .bind(
      id,
      seen.cause,
      seen.source ?? "",
      seen.detail ?? "",
      seen.summary,
      seen.fix,
      count,
      seen.exampleId ?? null,
      now,
      openingCount,
    );
  // The incident as this call would open it: the alert announces exactly that, and is written
  // only if the row with this call's id exists, i.e. if this call opened it.
  const opening: Incident = {
    id,
    cause: seen.cause,
    source: seen.source ?? "",
    detail: seen.detail ?? "",
    status: "open",
    summary: seen.summary,
    fix: seen.fix,
    count: openingCount,
    example_id: seen.exampleId ?? null,
    first_seen: now,
    last_seen: now,
    resolved_at: null,
    resolution: null,
    alerted_at: now,
    reminders: 0,
  };
  const alerts = queueAlert(db, {
    eventId: `${id}.opened`,
    incidentId: id,
    alert: alertOf("opened", opening, targets),
    channels: targets.channels,
    now,
    onlyIf: { sql: "EXISTS (SELECT 1 FROM incidents WHERE id = ?)", values: [id] },
  });
  forgetOpenIncidents();
  const [result] = await db.batch([upsert, ...alerts]);
  const incident = Incident.parse(result?.results[0]);
  return { incident, opened: incident.id === id };
}

/** One incident, or undefined. */
export async function loadIncident(db: D1Database, id: string): Promise<Incident | undefined> {
  const row = await db.prepare("SELECT * FROM incidents WHERE id = ?").bind(id).first();
  return row === null ? undefined : Incident.parse(row);
}

/**
 * An incident alert with its incident as it stands now: an "opened" alert sent after a batch
 * of failures says how many there were by then. A resolved incident keeps the words it was
 * resolved with; a digest is left as it is.
 */
export async function refreshIncidentAlert(
  db: D1Database,
  alert: Alert,
  incidentId: string | null,
): Promise<Alert> {
  if (alert.kind === "digest" || incidentId === null) return alert;
  const incident = await loadIncident(db, incidentId);
  if (!incident) return alert;
  const current = presentIncident(incident);
  // An opening or reminder sent after the incident resolved still reads as it was then.
  if (alert.kind !== "resolved" && incident.status === "resolved") {
    return { ...alert, incident: { ...current, resolved_at: null, resolution: null } };
  }
  return { ...alert, incident: current };
}

/** How long this isolate trusts what it last read of the open incidents (for deliveries). */
export const OPEN_INCIDENTS_TTL_MS = 15_000;

let knownOpen: { at: number; incidents: Incident[] } | undefined;

/** Forgets what this isolate knows of the open incidents (it changed them, or a test starts). */
export function forgetOpenIncidents() {
  knownOpen = undefined;
}

/**
 * Open incidents as this isolate last read them, read again when older than
 * `OPEN_INCIDENTS_TTL_MS` or after this isolate changed one: a successful delivery checks what
 * it may resolve without a D1 read each time. What another isolate opened meanwhile is found on
 * the next read, and the periodic checks resolve what a delivery missed (`checks.ts`).
 */
export async function listOpenIncidentsCached(db: D1Database): Promise<Incident[]> {
  const at = Date.now();
  if (knownOpen && at - knownOpen.at < OPEN_INCIDENTS_TTL_MS) return knownOpen.incidents;
  const incidents = await listOpenIncidents(db);
  knownOpen = { at, incidents };
  return incidents;
}

/** Open incidents, oldest first; of one cause, when given. */
export async function listOpenIncidents(
  db: D1Database,
  cause?: IncidentCause,
): Promise<Incident[]> {
  const { results } = await db
    .prepare(
      `SELECT * FROM incidents WHERE status = 'open' ${cause ? "AND cause = ?" : ""} ORDER BY id`,
    )
    .bind(...(cause ? [cause] : []))
    .all();
  return results.map((row) => Incident.parse(row));
}

/** Incidents newest first, one page; open or resolved when given. */
export async function listIncidents(
  db: D1Database,
  filter: { status?: "open" | "resolved"; source?: string; before?: string; limit: number },
): Promise<Incident[]> {
  const where: string[] = [];
  const values: (string | number)[] = [];
  if (filter.status) {
    where.push("status = ?");
    values.push(filter.status);
  }
  if (filter.source !== undefined) {
    where.push("source = ?");
    values.push(filter.source);
  }
  if (filter.before) {
    where.push("id < ?");
    values.push(filter.before);
  }
  const { results } = await db
    .prepare(
      `SELECT * FROM incidents ${where.length > 0 ? `WHERE ${where.join(" AND ")}` : ""} ORDER BY id DESC LIMIT ?`,
    )
    .bind(...values, filter.limit)
    .all();
  return results.map((row) => Incident.parse(row));
}

/**
 * Resolves open incidents, saying why, and queues each one's "resolved" alert in the same
 * batch. An incident another call resolved first is left alone (its alert id is the same).
 */
export async function resolveIncidents(
  db: D1Database,
  incidents: readonly Incident[],
  resolution: string,
  now: number,
  targets: AlertTargets,
): Promise<void> {
  if (incidents.length === 0) return;
  const statements = incidents.flatMap((incident) => {
    const resolved: Incident = {
      ...incident,
      status: "resolved",
      resolved_at: now,
      resolution,
    };
    return [
      db
        .prepare(
          "UPDATE incidents SET status = 'resolved', resolved_at = ?2, resolution = ?3 WHERE id = ?1 AND status = 'open'",
        )
        .bind(incident.id, now, resolution),
      ...queueAlert(db, {
        eventId: `${incident.id}.resolved`,
        incidentId: incident.id,
        alert: alertOf("resolved", resolved, targets),
        channels: targets.channels,
        now,
        onlyIf: {
          sql: "EXISTS (SELECT 1 FROM incidents WHERE id = ? AND status = 'resolved')",
          values: [incident.id],
        },
      }),
    ];
  });
  forgetOpenIncidents();
  await db.batch(statements);
}

/**
 * Queues a reminder for each open incident last announced `remindAfterMs` ago or earlier, at
 * most one per incident per interval however many isolates check at once.
 */
export async function remindIncidents(
  db: D1Database,
  now: number,
  remindAfterMs: number,
  targets: AlertTargets,
): Promise<number> {
  const { results } = await db
    .prepare("SELECT * FROM incidents WHERE status = 'open' AND alerted_at <= ? ORDER BY id")
    .bind(now - remindAfterMs)
    .all();
  const due = results.map((row) => Incident.parse(row));
  if (due.length === 0) return 0;
  const statements = due.flatMap((incident) => {
    const reminder = incident.reminders + 1;
    return [
      db
        .prepare(
          "UPDATE incidents SET alerted_at = ?2, reminders = ?3 WHERE id = ?1 AND status = 'open' AND reminders = ?4",
        )
        .bind(incident.id, now, reminder, incident.reminders),
      ...queueAlert(db, {
        eventId: `${incident.id}.reminder.${reminder}`,
        incidentId: incident.id,
        alert: alertOf("reminder", incident, targets),
        channels: targets.channels,
        now,
        onlyIf: {
          sql: "EXISTS (SELECT 1 FROM incidents WHERE id = ? AND reminders = ?)",
          values: [incident.id, reminder],
        },
      }),
    ];
  });
  await db.batch(statements);
  return due.length;
}

/** Forgets resolved incidents older than `beforeMs`. */
export async function pruneIncidents(db: D1Database, beforeMs: number): Promise<number> {
  const result = await db
    .prepare("DELETE FROM incidents WHERE status = 'resolved' AND resolved_at < ?")
    .bind(beforeMs)
    .run();
  return result.meta.changes ?? 0;
}
