// Deep health (`GET /v1/health?deep=1`): Close reachable and the key accepted (`GET /me/`), the
// configuration valid, D1 writable, the backlog and the oldest undelivered submission within
// their thresholds, no incident open that stops deliveries, alerts able to go out. Each check
// is run even when another fails; what makes the deployment unhealthy becomes a reason (503),
// what needs a look but stops nothing (dead letters to replay, a signature spike) a warning.
import { brokenChannels, type ChannelState, describeChannels } from "../alerts/channels.ts";
import { MAX_ALERT_ATTEMPTS, summarizeOutbox } from "../alerts/outbox.ts";
import type { ConfigProblem } from "../config/load.ts";
import type { IncidentCause } from "./causes.ts";
import { type CheckFindings, checkIncidents } from "./checks.ts";
import { incidentSettingsOf } from "./observe.ts";
import { listOpenIncidents, presentIncident } from "./store.ts";

const DAY_MS = 86_400_000;

/**
 * The causes whose open incident makes the deployment unhealthy (503): deliveries stop or
 * fall behind. The others (a refused field, dead submissions waiting for a replay, a spike of
 * refused signatures) are reported as warnings with a 200: new submissions still get through.
 */
export const UNHEALTHY_CAUSES: ReadonlySet<IncidentCause> = new Set([
  "close_auth_failed",
  "config_invalid",
  "secret_missing",
  "backlog",
  "oldest_undelivered",
]);

/** The deep health report (200 when `ok`, 503 otherwise). */
export type DeepHealth = {
  ok: boolean;
  /** Why it is unhealthy (empty when `ok`). */
  reasons: string[];
  /** What needs a look but does not make it unhealthy. */
  warnings: string[];
  checks: {
    close: { ok: boolean; problem?: string };
    config: { ok: boolean; problems: ConfigProblem[] };
    database: { ok: boolean; problem?: string };
    backlog: {
      ok: boolean;
      queued: number;
      retrying: number;
      delivering: number;
      threshold: number;
      oldest_undelivered_id: string | null;
      oldest_undelivered_age_s: number | null;
      oldest_threshold_s: number;
    };
    incidents: { ok: boolean; open: ReturnType<typeof presentIncident>[] };
    alerts: {
      ok: boolean;
      channels: Record<string, ChannelState>;
      problems: string[];
      pending: number;
      failed_last_day: number;
      last_error: string | null;
    };
  };
};

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}`.slice(0, 300) : String(error);
}

/** Writes one row, to prove D1 takes writes. */
async function probeDatabase(db: D1Database, now: number): Promise<string | undefined> {
  try {
    await db
      .prepare(
        "INSERT INTO bridge_state (key, value) VALUES ('health_probe', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
      )
      .bind(now)
      .run();
    return undefined;
  } catch (error) {
    return describe(error);
  }
}

/** Runs every check (recording what it finds as incidents) and reports. */
export async function checkDeepHealth(env: Env, now: number): Promise<DeepHealth> {
  const settings = incidentSettingsOf(env);
  const reasons: string[] = [];
  const databaseProblem = await probeDatabase(env.DB, now);
  if (databaseProblem) reasons.push(`D1 refused a write: ${databaseProblem}`);

  let findings: CheckFindings | undefined;
  try {
    findings = await checkIncidents(env, now, {
      probeClose: "always",
      remind: false,
      digest: false,
    });
  } catch (error) {
    reasons.push(`the checks could not run: ${describe(error)}`);
  }

  const close = findings?.close;
  if (close && !close.ok) reasons.push(`Close: ${close.problem}`);
  const configProblems = findings?.configProblems ?? [];
  if (configProblems.length > 0) {
    reasons.push(`the configuration has ${configProblems.length} problem(s)`);
  }

  const backlog = findings?.backlog;
  const waiting = backlog ? backlog.queued + backlog.retrying : 0;
  const ageS = backlog?.oldest ? Math.floor((now - backlog.oldest.received_at) / 1000) : null;
  const oldestThresholdS = settings.oldest_undelivered_minutes * 60;
  const backlogOk =
    backlog !== undefined && waiting <= settings.backlog && (ageS ?? 0) < oldestThresholdS;
  if (backlog && waiting > settings.backlog) {
    reasons.push(`${waiting} submissions wait for delivery (threshold ${settings.backlog})`);
  }
  if (ageS !== null && ageS >= oldestThresholdS) {
    reasons.push(`the oldest undelivered submission waits for ${Math.floor(ageS / 60)} minutes`);
  }

  let open: ReturnType<typeof presentIncident>[] = [];
  let outbox = { pending: 0, failed: 0, last_error: null as string | null };
  try {
    open = (await listOpenIncidents(env.DB)).map(presentIncident);
    outbox = await summarizeOutbox(env.DB, now, DAY_MS);
  } catch (error) {
    reasons.push(`incidents could not be read: ${describe(error)}`);
  }
  const warnings: string[] = [];
  for (const incident of open) {
    const where = incident.source === null ? "" : ` (source ${incident.source})`;
    const line = `open incident: ${incident.title}${where}`;
    if (UNHEALTHY_CAUSES.has(incident.cause as IncidentCause)) reasons.push(line);
    else warnings.push(line);
  }
  // A channel configured but unable to send: alerts are silently off, which is a real problem.
  const channelProblems = brokenChannels(env);
  reasons.push(...channelProblems);
  if (outbox.failed > 0) {
    reasons.push(
      `${outbox.failed} alert(s) given up after ${MAX_ALERT_ATTEMPTS} attempts in the last day: ${outbox.last_error}`,
    );
  }

  return {
    ok: reasons.length === 0,
    reasons,
    warnings,
    checks: {
      close: close
        ? close.ok
          ? { ok: true }
          : { ok: false, problem: close.problem }
        : { ok: false, problem: "not checked" },
      config: {
        ok: findings !== undefined && configProblems.length === 0,
        problems: configProblems,
      },
      database: databaseProblem ? { ok: false, problem: databaseProblem } : { ok: true },
      backlog: {
        ok: backlogOk,
        queued: backlog?.queued ?? 0,
        retrying: backlog?.retrying ?? 0,
        delivering: backlog?.delivering ?? 0,
        threshold: settings.backlog,
        oldest_undelivered_id: backlog?.oldest?.id ?? null,
        oldest_undelivered_age_s: ageS,
        oldest_threshold_s: oldestThresholdS,
      },
      incidents: {
        ok: !open.some((incident) => UNHEALTHY_CAUSES.has(incident.cause as IncidentCause)),
        open,
      },
      alerts: {
        ok: outbox.failed === 0 && channelProblems.length === 0,
        channels: describeChannels(env),
        problems: channelProblems,
        pending: outbox.pending,
        failed_last_day: outbox.failed,
        last_error: outbox.last_error,
      },
    },
  };
}
