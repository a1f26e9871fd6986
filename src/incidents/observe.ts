// What deliveries and ingest tell the incident log, from their one call site each: a delivery
// that failed (Close refused the key or a field, the submission went dead), one that succeeded
// (which resolves what it disproves), a request whose signature or token was refused (counted
// per source and minute, so a spike opens an incident). Nothing here ever throws at its caller:
// an incident that cannot be recorded is logged, and the delivery goes on.
import { type AlertTargets, alertTargetsOf, readAlertsConfig } from "../alerts/channels.ts";
import { drainAlerts } from "../alerts/outbox.ts";
import { CloseError } from "../close/error.ts";
import { AlertsConfig } from "../config/alerts.ts";
import type { Source } from "../config/load.ts";
import { logEvent, redactPersonalData } from "../log.ts";
import { fixOf } from "./causes.ts";
import {
  type Incident,
  listOpenIncidents,
  type Observation,
  recordIncident,
  refreshIncidentAlert,
  resolveIncidents,
} from "./store.ts";

const DEFAULT_SETTINGS = AlertsConfig.parse({});

/** `[vars.ALERTS]` with its thresholds, or the defaults when it is invalid. */
export function incidentSettingsOf(env: Env): AlertsConfig {
  return readAlertsConfig(env) ?? DEFAULT_SETTINGS;
}

/** Runs incident bookkeeping so that its failure is logged, never thrown. */
export async function guarded(event: string, work: () => Promise<unknown>): Promise<void> {
  try {
    await work();
  } catch (error) {
    logEvent("error", "incident.record_failed", {
      during: event,
      error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
    });
  }
}

/** When an observation happens (now, unless a test says otherwise). */
export type ObserveOptions = { now?: number };

/** Whether this isolate queued an alert that no drain has picked up yet. */
let alertsWaiting = false;

/** Sends the alerts that are due, each with its incident as it stands now; never throws. */
export async function sendDueAlerts(env: Env, now: number): Promise<void> {
  alertsWaiting = false;
  await guarded("drain_alerts", async () => {
    const report = await drainAlerts(env, now, (alert, incidentId) =>
      refreshIncidentAlert(env.DB, alert, incidentId),
    );
    if (report.sent + report.retrying + report.failed > 0)
      logEvent("info", "alerts.drained", report);
  });
}

/**
 * Sends, after the caller's answer (`defer`: `waitUntil`), the alerts an observation in this
 * isolate just queued; nothing when there are none (a request pays for no drain it does not need).
 */
export function announceQueuedAlerts(env: Env, defer: (work: Promise<unknown>) => void): void {
  if (alertsWaiting) defer(sendDueAlerts(env, Date.now()));
}

/** A failed delivery as its call site knows it. */
export type FailedDelivery = {
  source: string;
  submissionId: string;
  /** What was thrown (a `CloseError` says most), or the log's `{code, message}`. */
  error: unknown;
  /** Whether the submission is now dead (no more retries). */
  dead: boolean;
};

/** Close's refused fields, "emails, phones", or "" when Close named none. */
function refusedFields(error: CloseError): string {
  return Object.keys(error.fieldErrors).sort().join(", ");
}

/** One line saying what Close refused, without personal data. */
function describeRefusal(error: CloseError): string {
  const problems = Object.entries(error.fieldErrors).map(
    ([field, problem]) =>
      `${field}: ${typeof problem === "string" ? problem : JSON.stringify(problem)}`,
  );
  const text = problems.length > 0 ? problems.join("; ") : error.message;
  return redactPersonalData(
    `Close answered ${error.status ?? 400} to ${error.request}: ${text}`.slice(0, 500),
  );
}

/** The last error of a dead submission in words. */
function describeError(error: unknown): string {
  if (error instanceof CloseError) {
    return redactPersonalData(`${error.request}: ${error.message}`.slice(0, 300));
  }
  if (error !== null && typeof error === "object" && "code" in error) {
    const { code, message } = error as { code: unknown; message?: unknown };
    return redactPersonalData(
      `${String(code)}${message ? `: ${String(message)}` : ""}`.slice(0, 300),
    );
  }
  return error instanceof Error ? error.name : "an unknown failure";
}

/** The observations a failed delivery makes. */
function observationsOf(failed: FailedDelivery): Observation[] {
  const { error, source, submissionId } = failed;
  const seen: Observation[] = [];
  if (error instanceof CloseError && error.kind === "auth") {
    seen.push({
      cause: "close_auth_failed",
      source: null,
      summary: `Close answered ${error.status ?? 401} to ${error.request}: it refuses the API key (CLOSE_API_KEY).`,
      fix: fixOf(
        "close_auth_failed",
        null,
        error.status === undefined ? {} : { status: error.status },
      ),
      exampleId: submissionId,
    });
  }
  const rejected = error instanceof CloseError && error.kind === "rejected";
  if (rejected) {
    const fields = refusedFields(error);
    seen.push({
      cause: "close_rejected",
      source,
      detail: fields,
      summary: describeRefusal(error),
      fix: fixOf("close_rejected", source, fields ? { field: fields } : {}),
      exampleId: submissionId,
    });
  }
  // A refused field has its own incident, which says to replay; any other death is this one.
  if (failed.dead && !rejected) {
    seen.push({
      cause: "submissions_dead",
      source,
      summary: `A submission of ${source} went dead; last error: ${describeError(error)}.`,
      fix: fixOf("submissions_dead", source),
      exampleId: submissionId,
    });
  }
  return seen;
}

/** Records what a failed delivery says: a refused key or field, a dead submission. */
export async function observeDeliveryFailure(
  env: Env,
  failed: FailedDelivery,
  { now = Date.now() }: ObserveOptions = {},
): Promise<void> {
  const seen = observationsOf(failed);
  if (seen.length === 0) return;
  await guarded("delivery_failure", async () => {
    const targets = alertTargetsOf(env);
    let opened = false;
    for (const observation of seen) {
      const recorded = await recordIncident(env.DB, observation, now, targets);
      if (recorded.opened) {
        opened = true;
        logOpened(recorded.incident, failed.submissionId);
      }
    }
    if (opened) alertsWaiting = true;
  });
}

/** Logs an incident that was just opened. */
function logOpened(incident: Incident, submissionId?: string) {
  logEvent("warn", "incident.opened", {
    incident_id: incident.id,
    cause: incident.cause,
    source: incident.source || undefined,
    submission_id: submissionId,
  });
}

/** How many submissions of a source are dead. */
export async function countDead(db: D1Database, source: string): Promise<number> {
  const row = await db
    .prepare("SELECT COUNT(*) AS n FROM submissions WHERE source = ? AND status = 'dead'")
    .bind(source)
    .first<{ n: number }>();
  return row?.n ?? 0;
}

/** Resolves `incidents` and logs each. */
export async function resolveAndLog(
  db: D1Database,
  incidents: Parameters<typeof resolveIncidents>[1],
  resolution: string,
  now: number,
  targets: AlertTargets,
): Promise<void> {
  if (incidents.length === 0) return;
  await resolveIncidents(db, incidents, resolution, now, targets);
  for (const incident of incidents) {
    logEvent("info", "incident.resolved", {
      incident_id: incident.id,
      cause: incident.cause,
      source: incident.source || undefined,
      resolution,
    });
  }
}

/**
 * Records a delivered submission: Close took the key (a refused-key incident resolves), the
 * source's mapping works (its refused-field incidents resolve), and the source's dead-letter
 * incident resolves once no dead submission of it is left.
 */
export async function observeDeliverySuccess(
  env: Env,
  delivered: { source: string; submissionId: string },
  { now = Date.now() }: ObserveOptions = {},
): Promise<void> {
  await guarded("delivery_success", async () => {
    const open = await listOpenIncidents(env.DB);
    if (open.length === 0) return;
    const { source, submissionId } = delivered;
    const disproved = open.filter(
      (incident) =>
        incident.cause === "close_auth_failed" ||
        (incident.cause === "close_rejected" && incident.source === source),
    );
    const targets = alertTargetsOf(env);
    await resolveAndLog(
      env.DB,
      disproved,
      `a delivery of ${source} succeeded (${submissionId})`,
      now,
      targets,
    );
    const dead = open.filter((i) => i.cause === "submissions_dead" && i.source === source);
    const noneDead = dead.length > 0 && (await countDead(env.DB, source)) === 0;
    if (noneDead) {
      await resolveAndLog(
        env.DB,
        dead,
        `no dead submission of ${source} is left (the last replayed one was ${submissionId})`,
        now,
        targets,
      );
    }
    if (disproved.length > 0 || noneDead) alertsWaiting = true;
  });
}

/** Refused requests per source not yet written, and when each source was last written. */
const unwritten = new Map<string, { count: number; writtenAt: number }>();

/** Refused requests of one source are written at most this often per isolate. */
export const SIGNATURE_WRITE_INTERVAL_MS = 5_000;

/** Forgets the refused requests not yet written (tests start each case fresh with it). */
export function forgetSignatureFailures() {
  unwritten.clear();
}

const MINUTE_MS = 60_000;

/** Refused requests of a source within the window ending now. */
export async function countSignatureFailures(
  db: D1Database,
  source: string,
  now: number,
  windowMinutes: number,
): Promise<number> {
  const row = await db
    .prepare(
      "SELECT COALESCE(SUM(count), 0) AS n FROM signature_failures WHERE source = ? AND minute > ?",
    )
    .bind(source, now - windowMinutes * MINUTE_MS)
    .first<{ n: number }>();
  return row?.n ?? 0;
}

/** The words of a signature-failure incident. */
export function signatureObservation(
  source: Source | { name: string; auth: Source["auth"] },
  inWindow: number,
  settings: AlertsConfig,
  count: number,
): Observation {
  const secret = "secret" in source.auth ? source.auth.secret : undefined;
  return {
    cause: "signature_failures",
    source: source.name,
    summary: `${inWindow} requests to ${source.name} were refused (bad ${source.auth.type === "token" || source.auth.type === "basic" ? "token" : "signature"}) in the last ${settings.signature_window_minutes} minutes; the threshold is ${settings.signature_failures}.`,
    fix: fixOf("signature_failures", source.name, secret ? { secret } : {}),
    count,
    openingCount: inWindow,
  };
}

async function writeSignatureFailures(env: Env, source: Source, count: number, now: number) {
  const minute = Math.floor(now / MINUTE_MS) * MINUTE_MS;
  await env.DB.prepare(
    `INSERT INTO signature_failures (source, minute, count) VALUES (?1, ?2, ?3)
     ON CONFLICT (source, minute) DO UPDATE SET count = count + excluded.count`,
  )
    .bind(source.name, minute, count)
    .run();
  const settings = incidentSettingsOf(env);
  const inWindow = await countSignatureFailures(
    env.DB,
    source.name,
    now,
    settings.signature_window_minutes,
  );
  if (inWindow < settings.signature_failures) return;
  const { incident, opened } = await recordIncident(
    env.DB,
    signatureObservation(source, inWindow, settings, count),
    now,
    alertTargetsOf(env),
  );
  if (opened) {
    logOpened(incident);
    await sendDueAlerts(env, now);
  }
}

/**
 * Counts a request whose signature or token was refused. The count is written to D1 at most
 * every few seconds per source and isolate (a flood of forged requests costs no flood of
 * writes); `defer` keeps the write alive after the answer (`waitUntil`).
 */
export function observeSignatureFailure(
  env: Env,
  source: Source,
  now: number,
  defer: (work: Promise<unknown>) => void,
): void {
  const entry = unwritten.get(source.name) ?? { count: 0, writtenAt: -Infinity };
  entry.count += 1;
  unwritten.set(source.name, entry);
  if (now - entry.writtenAt < SIGNATURE_WRITE_INTERVAL_MS) return;
  const count = entry.count;
  entry.count = 0;
  entry.writtenAt = now;
  defer(guarded("signature_failure", () => writeSignatureFailures(env, source, count, now)));
}
