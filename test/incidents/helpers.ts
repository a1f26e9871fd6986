// Incidents and alerts as the tests read them: the incident log, the alert outbox, and the
// slack posts the simulator received, in words.
import { env } from "cloudflare:workers";
import { type Incident, listIncidents } from "../../src/incidents/store.ts";
import { type SimAlert, simAlerts } from "../helpers/sim.ts";

/** Every incident, oldest first. */
export async function allIncidents(): Promise<Incident[]> {
  return (await listIncidents(env.DB, { limit: 200 })).reverse();
}

/** The outbox rows, oldest first. */
export async function outboxRows() {
  const { results } = await env.DB.prepare(
    "SELECT id, channel, kind, status, attempts, next_attempt_at, last_error FROM alert_outbox ORDER BY created_at, id",
  ).all<{
    id: string;
    channel: string;
    kind: string;
    status: string;
    attempts: number;
    next_attempt_at: number;
    last_error: string | null;
  }>();
  return results;
}

/** The text of each Slack post the simulator took, oldest first. */
export async function slackTexts(): Promise<string[]> {
  return (await simAlerts())
    .filter((alert: SimAlert) => alert.channel === "slack" && alert.status === 200)
    .map((alert) => (alert.body as { text: string }).text);
}

/** The `type` of each webhook post the simulator took, oldest first. */
export async function webhookTypes(): Promise<string[]> {
  return (await simAlerts())
    .filter((alert) => alert.channel === "webhook" && alert.status === 200)
    .map((alert) => (alert.body as { type: string }).type);
}
