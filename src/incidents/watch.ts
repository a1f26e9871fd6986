// When the incident checks run and the alert outbox drains: after every queue batch (checks at
// most once a minute per isolate, the outbox every time), on the cron (everything, with a
// probe of Close while it refuses the key, reminders, the digest, and pruning), after a
// request that may have opened an incident, and (the configuration's incidents alone) when
// ingest refuses a request for the configuration. Each step is guarded: none can fail its caller.
import { pruneOutbox } from "../alerts/outbox.ts";
import { checkConfigIncidents, checkIncidents } from "./checks.ts";
import { guarded, sendDueAlerts } from "./observe.ts";
import { pruneIncidents } from "./store.ts";

/** Checks after queue batches run at most this often per isolate. */
export const CHECK_INTERVAL_MS = 60_000;
/** Sent alerts and resolved incidents are kept this long. */
const KEEP_MS = 30 * 86_400_000;

/** Ingest refusing requests for the configuration checks it at most this often per isolate. */
export const CONFIG_NOTICE_INTERVAL_MS = 60_000;

let checkedAt = -Infinity;
let configNoticedAt = -Infinity;

/** Forgets when this isolate last checked (tests start each case fresh with it). */
export function forgetLastCheck() {
  checkedAt = -Infinity;
  configNoticedAt = -Infinity;
}

/**
 * Ingest answered 503 for the configuration (invalid, a secret missing): its incident opens now
 * rather than at the next cron, at most once a minute per isolate, after the answer (`defer`).
 */
export function noticeConfigProblem(env: Env, defer: (work: Promise<unknown>) => void): void {
  const now = Date.now();
  if (now - configNoticedAt < CONFIG_NOTICE_INTERVAL_MS) return;
  configNoticedAt = now;
  defer(
    guarded("config_notice", () => checkConfigIncidents(env, now)).then(() =>
      sendDueAlerts(env, Date.now()),
    ),
  );
}

/** After a queue batch: the quick checks (once a minute), then the due alerts. */
export async function watchAfterBatch(env: Env, now: number): Promise<void> {
  if (now - checkedAt >= CHECK_INTERVAL_MS) {
    checkedAt = now;
    await guarded("checks", () =>
      checkIncidents(env, now, { probeClose: "never", remind: true, digest: false }),
    );
  }
  await sendDueAlerts(env, now);
}

/** On the cron: every check, reminders, the digest, pruning, then the due alerts. */
export async function watchOnSchedule(env: Env, now: number): Promise<void> {
  checkedAt = now;
  await guarded("checks", () =>
    checkIncidents(env, now, { probeClose: "while_refused", remind: true, digest: true }),
  );
  await guarded("prune", async () => {
    await pruneOutbox(env.DB, now - KEEP_MS);
    await pruneIncidents(env.DB, now - KEEP_MS);
    await env.DB.prepare("DELETE FROM signature_failures WHERE minute < ?")
      .bind(now - 2 * 86_400_000)
      .run();
  });
  await sendDueAlerts(env, now);
}
