// The periodic checks behind incidents that no single delivery sees: the configuration and its
// secrets, the backlog and the oldest undelivered submission, dead submissions replayed away,
// signature failures that stopped, whether Close accepts the key again; then reminders and the
// daily digest. Run by the cron, after queue batches (at most once a minute), and by deep health.
import { type AlertTargets, alertTargetsOf } from "../alerts/channels.ts";
import type { DigestLine } from "../alerts/messages.ts";
import { queueAlert } from "../alerts/outbox.ts";
import { createCloseClient } from "../close/client.ts";
import { CloseError } from "../close/error.ts";
import { createHttpTransport } from "../close/transport.ts";
import { type ConfigProblem, loadConfig, readSecret } from "../config/load.ts";
import { BridgeVars } from "../config/schema.ts";
import { redactPersonalData } from "../log.ts";
import * as z from "../zod.ts";
import {
  fixOf,
  forbiddenDetailOf,
  type IncidentCause,
  isWholeKeyRefusal,
  refusedKindOf,
} from "./causes.ts";
import {
  countDead,
  countSignatureFailures,
  incidentSettingsOf,
  keyRefusalObservation,
  resolveAndLog,
} from "./observe.ts";
import {
  type Incident,
  listOpenIncidents,
  type Observation,
  presentIncident,
  recordIncident,
  remindIncidents,
} from "./store.ts";

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;

/** What Close said to `GET /me/`. */
export type CloseProbe =
  | { ok: true }
  | { ok: false; status: number | undefined; problem: string; keyRefused: boolean };

/** Submissions not yet delivered. */
export type Backlog = {
  queued: number;
  retrying: number;
  delivering: number;
  oldest: { id: string; received_at: number } | null;
};

/** What one run of the checks found. */
export type CheckFindings = {
  configProblems: ConfigProblem[];
  backlog: Backlog;
  /** Present when Close was asked. */
  close?: CloseProbe;
};

/** How much a run does besides evaluating incidents. */
export type CheckOptions = {
  /** Ask Close whether it takes the key: always, only while a refused-key incident is open, never. */
  probeClose: "always" | "while_refused" | "never";
  remind: boolean;
  digest: boolean;
};

/** The configuration's problems, each naming its source (none for the whole bridge). */
export function configProblemsOf(env: Env): ConfigProblem[] {
  const result = loadConfig(env);
  return result.ok ? [] : result.problems;
}

const MISSING_SECRET = /^the secret (?:([A-Z][A-Z0-9_]*) )?is not set/;

/** The secret a problem says is missing: named in the problem, or the problem's field. */
function missingSecretOf(problem: ConfigProblem): string | undefined {
  const match = MISSING_SECRET.exec(problem.problem);
  if (!match) return undefined;
  return match[1] ?? problem.field;
}

/** Configuration problems as observations: one per cause (secret or other) and source. */
export function configObservations(problems: readonly ConfigProblem[]): Observation[] {
  const groups = new Map<
    string,
    { cause: IncidentCause; source: string | null; lines: string[]; secrets: string[] }
  >();
  for (const problem of problems) {
    const secret = missingSecretOf(problem);
    const cause: IncidentCause = secret ? "secret_missing" : "config_invalid";
    const source = problem.source ?? null;
    const key = `${cause}:${source ?? ""}`;
    const group = groups.get(key) ?? { cause, source, lines: [], secrets: [] };
    group.lines.push(`${problem.field}: ${problem.problem}`);
    if (secret) group.secrets.push(secret);
    groups.set(key, group);
  }
  return [...groups.values()].map((group) => ({
    cause: group.cause,
    source: group.source,
    summary: redactPersonalData(
      `${group.source ? `[vars.SOURCES.${group.source}] ` : ""}${group.lines.join("; ")}`.slice(
        0,
        1000,
      ),
    ),
    fix: fixOf(
      group.cause,
      group.source,
      group.secrets.length > 0 ? { secrets: group.secrets } : {},
    ),
  }));
}

/** Counts what waits for delivery and finds the oldest of it. */
export async function measureBacklog(db: D1Database): Promise<Backlog> {
  const [counts, oldest] = await db.batch([
    db.prepare(
      `SELECT COALESCE(SUM(status = 'queued'), 0) AS queued, COALESCE(SUM(status = 'retrying'), 0) AS retrying,
         COALESCE(SUM(status = 'delivering'), 0) AS delivering
       FROM submissions WHERE status IN ('queued', 'retrying', 'delivering')`,
    ),
    db.prepare(
      "SELECT id, received_at FROM submissions WHERE status IN ('queued', 'retrying', 'delivering') ORDER BY received_at LIMIT 1",
    ),
  ]);
  const count = (counts?.results[0] ?? {}) as Record<string, number>;
  const first = oldest?.results[0] as { id: string; received_at: number } | undefined;
  return {
    queued: count.queued ?? 0,
    retrying: count.retrying ?? 0,
    delivering: count.delivering ?? 0,
    oldest: first ?? null,
  };
}

const CloseSettings = z.deferred(() =>
  z.object({
    CLOSE_API_BASE: BridgeVars.shape.CLOSE_API_BASE,
    CLOSE_TIMEOUT_MS: BridgeVars.shape.CLOSE_TIMEOUT_MS,
  }),
);

/** Asks Close whether it takes the key: `GET /me/`. */
export async function probeClose(env: Env): Promise<CloseProbe> {
  // The Close settings alone, so that a configuration broken elsewhere can still be probed.
  const settings = CloseSettings.safeParse(env);
  if (!settings.success) {
    return {
      ok: false,
      status: undefined,
      problem: "CLOSE_API_BASE is invalid",
      keyRefused: false,
    };
  }
  const apiKey = readSecret(env, "CLOSE_API_KEY");
  if (apiKey === "") {
    return {
      ok: false,
      status: undefined,
      problem: "the secret CLOSE_API_KEY is not set",
      keyRefused: false,
    };
  }
  const close = createCloseClient(
    createHttpTransport({
      baseUrl: settings.data.CLOSE_API_BASE,
      apiKey,
      timeoutMs: settings.data.CLOSE_TIMEOUT_MS,
    }),
  );
  try {
    await close.getMe();
    return { ok: true };
  } catch (error) {
    if (error instanceof CloseError) {
      return {
        ok: false,
        status: error.status,
        problem: redactPersonalData(
          `${error.request}: ${error.message}${error.status ? ` (${error.status})` : ""}`,
        ),
        keyRefused: error.kind === "auth",
      };
    }
    return { ok: false, status: undefined, problem: "Close could not be asked", keyRefused: false };
  }
}

/** Opens or counts each observation; resolves the open incidents of `causes` nothing observed. */
async function reconcile(
  db: D1Database,
  open: readonly Incident[],
  causes: readonly IncidentCause[],
  seen: readonly Observation[],
  resolution: (incident: Incident) => string,
  now: number,
  targets: AlertTargets,
) {
  for (const observation of seen) await recordIncident(db, observation, now, targets);
  const stillSeen = new Set(seen.map((o) => `${o.cause}:${o.source ?? ""}:${o.detail ?? ""}`));
  for (const incident of open) {
    if (!causes.includes(incident.cause)) continue;
    if (stillSeen.has(`${incident.cause}:${incident.source}:${incident.detail}`)) continue;
    await resolveAndLog(db, [incident], resolution(incident), now, targets);
  }
}

/**
 * The backlog's observations against the thresholds. An open incident stays open until its
 * measure is back under half its threshold, so that a backlog hovering near it does not open
 * and resolve an incident on every check.
 */
function backlogObservations(
  backlog: Backlog,
  settings: ReturnType<typeof incidentSettingsOf>,
  now: number,
  open: readonly Incident[],
) {
  const seen: Observation[] = [];
  const isOpen = (cause: IncidentCause) => open.some((incident) => incident.cause === cause);
  const waiting = backlog.queued + backlog.retrying;
  const backlogLimit = isOpen("backlog") ? Math.floor(settings.backlog / 2) : settings.backlog;
  if (waiting > backlogLimit) {
    seen.push({
      cause: "backlog",
      source: null,
      summary: `${waiting} submissions wait for delivery (${backlog.queued} queued, ${backlog.retrying} retrying); the threshold is ${settings.backlog}.`,
      fix: fixOf("backlog", null),
    });
  }
  const ageMinutes = backlog.oldest
    ? Math.floor((now - backlog.oldest.received_at) / MINUTE_MS)
    : 0;
  const ageLimit = isOpen("oldest_undelivered")
    ? Math.ceil(settings.oldest_undelivered_minutes / 2)
    : settings.oldest_undelivered_minutes;
  if (backlog.oldest && ageMinutes >= ageLimit) {
    seen.push({
      cause: "oldest_undelivered",
      source: null,
      summary: `The oldest undelivered submission (${backlog.oldest.id}) was received ${ageMinutes} minutes ago; the threshold is ${settings.oldest_undelivered_minutes} minutes.`,
      fix: fixOf("oldest_undelivered", null),
      exampleId: backlog.oldest.id,
    });
  }
  return seen;
}

/** The last day's submissions per source and outcome, for the digest. */
async function summarizeDay(db: D1Database, now: number): Promise<DigestLine[]> {
  const since = now - DAY_MS;
  const [outcomes, refused] = await db.batch([
    db
      .prepare(
        `SELECT source, CASE WHEN status = 'delivered' THEN COALESCE(outcome, 'delivered') ELSE status END AS outcome,
           COUNT(*) AS n FROM submissions WHERE received_at >= ? GROUP BY 1, 2 ORDER BY 1, 2`,
      )
      .bind(since),
    db
      .prepare(
        "SELECT source, SUM(count) AS n FROM signature_failures WHERE minute >= ? GROUP BY source",
      )
      .bind(since),
  ]);
  const lines = new Map<string, DigestLine>();
  const lineOf = (source: string) => {
    let line = lines.get(source);
    if (!line) {
      line = { source, outcomes: {}, refused_signatures: 0 };
      lines.set(source, line);
    }
    return line;
  };
  for (const row of (outcomes?.results ?? []) as { source: string; outcome: string; n: number }[]) {
    lineOf(row.source).outcomes[row.outcome] = row.n;
  }
  for (const row of (refused?.results ?? []) as { source: string; n: number }[]) {
    lineOf(row.source).refused_signatures = row.n;
  }
  return [...lines.values()].sort((a, b) => a.source.localeCompare(b.source));
}

/**
 * Queues the day's digest once per UTC day, after `digest_hour`: the day's claim and the
 * digest's messages are one batch, so that a claim is never kept without its messages.
 */
async function sendDigestIfDue(env: Env, now: number, digestHour: number, targets: AlertTargets) {
  const date = new Date(now);
  if (date.getUTCHours() < digestHour || targets.channels.length === 0) return false;
  const day = Number(date.toISOString().slice(0, 10).replaceAll("-", ""));
  const last = await env.DB.prepare("SELECT value FROM bridge_state WHERE key = 'digest_day'")
    .first<{ value: number }>()
    .then((row) => row?.value ?? 0);
  if (last >= day) return false;
  const open = await listOpenIncidents(env.DB);
  const alert = {
    kind: "digest" as const,
    since: new Date(now - DAY_MS).toISOString(),
    until: date.toISOString(),
    sources: await summarizeDay(env.DB, now),
    open_incidents: open.map(presentIncident),
    console_url: targets.consoleUrl,
  };
  const [claim] = await env.DB.batch([
    env.DB.prepare(
      `INSERT INTO bridge_state (key, value) VALUES ('digest_day', ?1)
       ON CONFLICT (key) DO UPDATE SET value = excluded.value WHERE value < excluded.value
       RETURNING value`,
    ).bind(day),
    // Written only with the claim of this day (another run that claimed it wrote the same ids).
    ...queueAlert(env.DB, {
      eventId: `digest.${day}`,
      incidentId: null,
      alert,
      channels: targets.channels,
      now,
      onlyIf: {
        sql: "EXISTS (SELECT 1 FROM bridge_state WHERE key = 'digest_day' AND value = ?)",
        values: [day],
      },
    }),
  ]);
  return (claim?.results.length ?? 0) > 0;
}

/**
 * How long a removed source's incident must have gone unseen before it is resolved: while a
 * deployment rolls out, isolates of the previous version (which still have the source) may see
 * it again, and the incident would close and reopen.
 */
export const REMOVED_SOURCE_QUIET_MS = 15 * 60_000;

/** Open incidents of sources the configuration no longer has: nothing can end them but this. */
async function resolveRemovedSources(
  env: Env,
  open: readonly Incident[],
  now: number,
  targets: AlertTargets,
) {
  const result = loadConfig(env);
  const config = result.config;
  if (!config) return;
  for (const incident of open) {
    const known = config.sources.has(incident.source) || config.broken.has(incident.source);
    if (incident.source === "" || known) continue;
    if (now - incident.last_seen < REMOVED_SOURCE_QUIET_MS) continue;
    await resolveAndLog(
      env.DB,
      [incident],
      `the source ${incident.source} was removed from the configuration`,
      now,
      targets,
    );
  }
}

/** Whether Close took a real write (a delivered attempt) after `since`. */
async function deliveredSince(db: D1Database, since: number): Promise<string | undefined> {
  const row = await db
    .prepare(
      "SELECT submission_id FROM delivery_attempts WHERE finished_at > ? AND result IN ('created', 'updated') LIMIT 1",
    )
    .bind(since)
    .first<{ submission_id: string }>();
  return row?.submission_id;
}

/**
 * What deliveries would have resolved, had they seen it (an isolate trusts its read of the
 * open incidents for a few seconds): a refused key that a later delivery disproved, and a
 * refused field not seen again for `rejected_quiet_hours`.
 */
async function resolveQuietDeliveryIncidents(
  db: D1Database,
  open: readonly Incident[],
  now: number,
  quietMs: number,
  targets: AlertTargets,
) {
  for (const incident of open) {
    // A 403 names one kind of request: any later delivery proves nothing about it unless it made
    // that request, so it ends like a refused field, after a quiet period (or by the delivery).
    const quiet = now - incident.last_seen >= quietMs;
    const refusedKind =
      incident.cause === "close_auth_failed" ? refusedKindOf(incident.detail) : undefined;
    if (refusedKind) {
      if (quiet) {
        await resolveAndLog(
          db,
          [incident],
          `Close refused no ${refusedKind} in ${Math.round(quietMs / HOUR_MS)} hours`,
          now,
          targets,
        );
      }
    } else if (incident.cause === "close_auth_failed") {
      const delivered = await deliveredSince(db, incident.last_seen);
      if (delivered) {
        await resolveAndLog(db, [incident], `a delivery succeeded (${delivered})`, now, targets);
      }
    }
    if (incident.cause === "close_rejected" && quiet) {
      await resolveAndLog(
        db,
        [incident],
        `Close refused no submission of ${incident.source} for these fields in ${Math.round(quietMs / HOUR_MS)} hours`,
        now,
        targets,
      );
    }
  }
}

/** Opens, counts and resolves the configuration's incidents; answers its problems. */
async function reconcileConfig(
  env: Env,
  open: readonly Incident[],
  now: number,
  targets: AlertTargets,
): Promise<ConfigProblem[]> {
  const configProblems = configProblemsOf(env);
  await reconcile(
    env.DB,
    open,
    ["config_invalid", "secret_missing"],
    configObservations(configProblems),
    (incident) =>
      incident.cause === "secret_missing" ? "the secret is set" : "the configuration is valid",
    now,
    targets,
  );
  return configProblems;
}

/** The configuration's incidents alone: what ingest runs when it refuses a request for them. */
export async function checkConfigIncidents(env: Env, now: number): Promise<void> {
  const open = await listOpenIncidents(env.DB);
  await reconcileConfig(env, open, now, alertTargetsOf(env));
}

/**
 * Evaluates every condition incident (opening, counting and resolving them) and, as asked,
 * probes Close, queues reminders and the digest. Answers what it found.
 */
export async function checkIncidents(
  env: Env,
  now: number,
  options: CheckOptions,
): Promise<CheckFindings> {
  const db = env.DB;
  const settings = incidentSettingsOf(env);
  const targets = alertTargetsOf(env);
  let open = await listOpenIncidents(db);

  const configProblems = await reconcileConfig(env, open, now, targets);

  const backlog = await measureBacklog(db);
  await reconcile(
    db,
    open,
    ["backlog", "oldest_undelivered"],
    backlogObservations(backlog, settings, now, open),
    (incident) =>
      incident.cause === "backlog"
        ? `the backlog is down to ${backlog.queued + backlog.retrying} (under half the threshold)`
        : "every waiting submission is younger than half the threshold",
    now,
    targets,
  );

  for (const incident of open) {
    if (incident.cause === "submissions_dead" && (await countDead(db, incident.source)) === 0) {
      await resolveAndLog(
        db,
        [incident],
        `no dead submission of ${incident.source} is left`,
        now,
        targets,
      );
    }
    if (incident.cause === "signature_failures") {
      // Resolved below half the threshold, so that a steady trickle near it does not flap.
      const inWindow = await countSignatureFailures(
        db,
        incident.source,
        now,
        settings.signature_window_minutes,
      );
      if (inWindow * 2 < settings.signature_failures) {
        await resolveAndLog(
          db,
          [incident],
          `${inWindow} refused in the last ${settings.signature_window_minutes} minutes`,
          now,
          targets,
        );
      }
    }
  }

  await resolveRemovedSources(env, open, now, targets);
  await resolveQuietDeliveryIncidents(
    db,
    open,
    now,
    settings.rejected_quiet_hours * HOUR_MS,
    targets,
  );

  const findings: CheckFindings = { configProblems, backlog };
  // GET /me/ proves only what it can see: that Close takes the key (the end of a 401) and lets
  // it read /me/ (the end of a 403 of GET /me/). A 403 on a delivery's request (a key that reads
  // but may not write) is ended by a delivery that makes that request, or a quiet period.
  const isKeyRefused = (incident: Incident) =>
    incident.cause === "close_auth_failed" &&
    (isWholeKeyRefusal(incident.detail) || incident.detail === forbiddenDetailOf("GET /me/"));
  const keyRefused = open.some(isKeyRefused);
  if (options.probeClose === "always" || (options.probeClose === "while_refused" && keyRefused)) {
    const probe = await probeClose(env);
    findings.close = probe;
    if (probe.ok && keyRefused) {
      open = (await listOpenIncidents(db, "close_auth_failed")).filter(isKeyRefused);
      await resolveAndLog(db, open, "Close accepts the key again (GET /me/)", now, targets);
    } else if (!probe.ok && probe.keyRefused) {
      await recordIncident(db, keyRefusalObservation(probe.status, "GET /me/"), now, targets);
    }
  }

  if (options.remind) await remindIncidents(db, now, settings.remind_after * HOUR_MS, targets);
  if (options.digest && settings.digest)
    await sendDigestIfDue(env, now, settings.digest_hour, targets);
  return findings;
}
