// What deliveries and ingest tell the incident log, from their one call site each: a delivery
// that failed (Close refused the key or a field, the submission went dead), one that succeeded
// (which resolves what it proves fixed), a request whose signature or token was refused
// (counted per source and minute, so a spike opens an incident). Callers run these off the
// delivery's path, and nothing here ever throws: an incident that cannot be recorded is
// logged, and the delivery goes on. Alerts carry none of Close's own words (they may quote a
// refused value): the bridge names the field and the kind of refusal.
import { type AlertTargets, alertTargetsOf, readAlertsConfig } from "../alerts/channels.ts";
import { drainAlerts } from "../alerts/outbox.ts";
import { CloseError } from "../close/error.ts";
import { endpointGroup } from "../close/rate-limit.ts";
import { AlertsConfig } from "../config/alerts.ts";
import type { Source } from "../config/load.ts";
import { logEvent, redactPersonalData } from "../log.ts";
import { fixOf, forbiddenDetailOf, isWholeKeyRefusal } from "./causes.ts";
import {
  type Incident,
  listOpenIncidentsCached,
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
 * Sends the alerts an observation in this isolate just queued (run after a request's answer);
 * nothing when there are none (a request pays for no drain it does not need).
 */
export async function announceQueuedAlerts(env: Env): Promise<void> {
  if (alertsWaiting) await sendDueAlerts(env, Date.now());
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
export function refusedFieldsOf(fields: Iterable<string>): string {
  return [...fields].sort().join(", ");
}

/**
 * What kind of refusal Close's words describe, in the bridge's own words: Close's text may quote
 * the value it refused (a name, an address), so none of it is ever passed on.
 */
export function refusalKindOf(problem: unknown): string {
  const text = typeof problem === "string" ? problem : JSON.stringify(problem ?? "");
  if (/unknown|does not exist|no such|not found/i.test(text)) return "unknown field";
  if (/required|missing|blank|may not be null|empty/i.test(text)) return "value required";
  if (/too long|too many|at most|maximum|exceeds/i.test(text)) return "value too long";
  if (/choice|choices|option|not one of|allowed/i.test(text)) return "not an allowed choice";
  if (/invalid|\bvalid\b|format|must be|expected/i.test(text)) return "invalid value";
  return "refused";
}

/** One line saying what Close refused: the fields and the kind of each refusal, no values. */
function describeRefusal(error: CloseError): string {
  const problems = Object.entries(error.fieldErrors)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([field, problem]) => `${field} (${refusalKindOf(problem)})`);
  const what =
    problems.length > 0
      ? `it refused ${problems.join(", ")}`
      : "it refused the request without naming a field";
  return `Close answered ${error.status ?? 400} to ${error.request}: ${what}.`.slice(0, 500);
}

/** The last error of a dead submission in words (Close's own text never: it may quote values). */
function describeError(error: unknown): string {
  if (error instanceof CloseError) {
    if (error.kind === "rejected") return `${error.request}: Close refused the request`;
    return redactPersonalData(`${error.request}: ${error.message}`.slice(0, 300));
  }
  if (error !== null && typeof error === "object" && "code" in error) {
    const { code, message } = error as { code: unknown; message?: unknown };
    if (code === "close_rejected") return "close_rejected";
    return redactPersonalData(
      `${String(code)}${message ? `: ${String(message)}` : ""}`.slice(0, 300),
    );
  }
  return error instanceof Error ? error.name : "an unknown failure";
}

/**
 * The words of a refused-key incident: 401 (key refused), one incident; 403 (the key lacks
 * permission), one per kind of request refused (`403 POST /task/`), since a key may be allowed
 * some requests and not others, and only a delivery that makes that request shows it allowed.
 */
export function keyRefusalObservation(
  status: number | undefined,
  request: string,
  exampleId?: string,
): Observation {
  const forbidden = status === 403;
  return {
    cause: "close_auth_failed",
    source: null,
    detail: forbidden ? forbiddenDetail(request) : "401",
    summary: forbidden
      ? `Close answered 403 to ${request}: the API key (CLOSE_API_KEY) lacks permission for it.`
      : `Close answered ${status ?? 401} to ${request}: it refuses the API key (CLOSE_API_KEY).`,
    fix: fixOf("close_auth_failed", null, { status: forbidden ? 403 : 401 }),
    ...(exampleId ? { exampleId } : {}),
  };
}

/** A 403 incident's detail: `403` and the kind of request refused (`403 POST /task/`). */
function forbiddenDetail(request: string): string {
  const [method = "", path = ""] = request.split(" ", 2);
  return forbiddenDetailOf(endpointGroup(method, path));
}

/** The observations a failed delivery makes. */
function observationsOf(failed: FailedDelivery): Observation[] {
  const { error, source, submissionId } = failed;
  const seen: Observation[] = [];
  if (error instanceof CloseError && error.kind === "auth") {
    seen.push(keyRefusalObservation(error.status, error.request, submissionId));
  }
  const rejected = error instanceof CloseError && error.kind === "rejected";
  if (rejected) {
    const fields = refusedFieldsOf(Object.keys(error.fieldErrors));
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

/** A delivered submission, and the fields Close refused on its previous attempt, if any. */
export type DeliveredSubmission = {
  source: string;
  submissionId: string;
  /** Close refused this submission before (`close_rejected`): the fields it named. */
  refusedBefore?: string;
  /** The kinds of request Close took in the attempt (`endpointGroup`), for refused permissions. */
  taken?: readonly string[];
};

/**
 * Records a delivered submission: a real write went through, so Close takes the key (a 401
 * incident resolves) and lets it make the requests it made (the 403 incidents of those kinds of
 * request resolve; a 403 of a request this delivery did not make stays open); a submission Close had refused
 * for some fields is in now, so the refusal of exactly those fields is fixed; and the source's
 * dead-letter incident resolves once no dead submission of it is left. A success of the source
 * that did not carry the refused fields proves nothing about them: a refusal that depends on
 * the payload is resolved by the checks after a quiet period instead (`checks.ts`).
 */
export async function observeDeliverySuccess(
  env: Env,
  delivered: DeliveredSubmission,
  { now = Date.now() }: ObserveOptions = {},
): Promise<void> {
  await guarded("delivery_success", async () => {
    const open = await listOpenIncidentsCached(env.DB);
    const { source, submissionId, refusedBefore, taken = [] } = delivered;
    const disproved = open.filter(
      (incident) =>
        (incident.cause === "close_auth_failed" &&
          (isWholeKeyRefusal(incident.detail) ||
            taken.some((kind) => incident.detail === forbiddenDetailOf(kind)))) ||
        (incident.cause === "close_rejected" &&
          incident.source === source &&
          refusedBefore !== undefined &&
          incident.detail === refusedBefore),
    );
    const dead = open.filter((i) => i.cause === "submissions_dead" && i.source === source);
    if (disproved.length === 0 && dead.length === 0) return;
    const targets = alertTargetsOf(env);
    await resolveAndLog(
      env.DB,
      disproved,
      `a delivery of ${source} succeeded (${submissionId})`,
      now,
      targets,
    );
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

/** Refused requests per source counted in this isolate and not yet written. */
const unwritten = new Map<string, { count: number; since: number }>();

/**
 * Refused requests of one source are gathered this long, then written together (one atomic
 * upsert): a flood of forged requests costs a write per source and interval, and none is lost.
 */
export const SIGNATURE_FLUSH_MS = 500;

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
 * Counts a request whose signature or token was refused. The first refusal of a source starts a
 * short gathering (`SIGNATURE_FLUSH_MS`) kept alive by `defer` (`waitUntil`), at the end of
 * which everything counted meanwhile is added to D1 at once; so every refusal is written, even
 * a burst that ends before the next request, at one write per source and interval.
 */
export function observeSignatureFailure(
  env: Env,
  source: Source,
  now: number,
  defer: (work: Promise<unknown>) => void,
  flushAfterMs = SIGNATURE_FLUSH_MS,
): void {
  const entry = unwritten.get(source.name);
  if (entry) {
    entry.count += 1;
    return;
  }
  const gathering = { count: 1, since: now };
  unwritten.set(source.name, gathering);
  const flush = async () => {
    if (flushAfterMs > 0) await new Promise((resolve) => setTimeout(resolve, flushAfterMs));
    // Taken off the map first: a refusal from now on starts the next gathering.
    if (unwritten.get(source.name) === gathering) unwritten.delete(source.name);
    await writeSignatureFailures(env, source, gathering.count, gathering.since);
  };
  defer(guarded("signature_failure", flush));
}
