// What an alert says, and how each channel writes it: a line of Slack-compatible text, a
// plain-text email, a JSON webhook body. Pure: the incident's words (title, summary, fix) come
// with the alert, so this module knows no cause in particular.
import * as z from "../zod.ts";

/** When an incident is announced: as it opens, as a reminder while it lasts, as it resolves. */
export const IncidentAlertKind = z.deferred(() => z.enum(["opened", "reminder", "resolved"]));
export type IncidentAlertKind = z.infer<typeof IncidentAlertKind>;

/** An incident as alerts describe it (no personal data: the bridge writes every word of it). */
export const AlertedIncident = z.deferred(() =>
  z.object({
    id: z.string(),
    cause: z.string(),
    source: z.nullable(z.string()),
    title: z.string(),
    summary: z.string(),
    fix: z.string(),
    count: z.number(),
    example_id: z.nullable(z.string()),
    first_seen: z.string(),
    last_seen: z.string(),
    resolved_at: z.nullable(z.string()),
    resolution: z.nullable(z.string()),
  }),
);
export type AlertedIncident = z.infer<typeof AlertedIncident>;

/** One source's submissions of the last day, by outcome, in the daily digest. */
export const DigestLine = z.deferred(() =>
  z.object({
    source: z.string(),
    outcomes: z.record(z.string(), z.number()),
    refused_signatures: z.number(),
  }),
);
export type DigestLine = z.infer<typeof DigestLine>;

/** One alert, as the outbox keeps it until every channel has it. */
export const Alert = z.deferred(() =>
  z.union([
    z.object({
      kind: IncidentAlertKind,
      incident: AlertedIncident,
      console_url: z.nullable(z.string()),
    }),
    z.object({
      kind: z.literal("digest"),
      since: z.string(),
      until: z.string(),
      sources: z.array(DigestLine),
      open_incidents: z.array(AlertedIncident),
      console_url: z.nullable(z.string()),
    }),
  ]),
);
export type Alert = z.infer<typeof Alert>;

const VERB: Record<IncidentAlertKind, string> = {
  opened: "Opened",
  reminder: "Still open",
  resolved: "Resolved",
};

const EMOJI: Record<IncidentAlertKind, string> = {
  opened: ":rotating_light:",
  reminder: ":warning:",
  resolved: ":white_check_mark:",
};

/** "website" or "the whole bridge". */
function whereOf(incident: AlertedIncident): string {
  return incident.source === null ? "the whole bridge" : `source ${incident.source}`;
}

/** The facts lines of an incident: what, how often since when, the first example. */
function factsOf(incident: AlertedIncident): string[] {
  const lines = [
    incident.summary,
    `Seen ${incident.count} time${incident.count === 1 ? "" : "s"} on ${whereOf(incident)} since ${incident.first_seen}, last at ${incident.last_seen}.`,
  ];
  if (incident.example_id) lines.push(`First example: ${incident.example_id}.`);
  return lines;
}

/** Counts per outcome, "created 12, updated 3". */
function formatOutcomes(outcomes: Record<string, number>): string {
  const parts = Object.entries(outcomes)
    .filter(([, count]) => count > 0)
    .map(([outcome, count]) => `${outcome} ${count}`);
  return parts.length > 0 ? parts.join(", ") : "nothing";
}

/** The lines of a digest: counts per source and outcome, then the open incidents. */
function digestLines(alert: Extract<Alert, { kind: "digest" }>): string[] {
  const lines = [`Submissions from ${alert.since} to ${alert.until}:`];
  if (alert.sources.length === 0) lines.push("- none");
  for (const line of alert.sources) {
    lines.push(
      `- ${line.source}: ${formatOutcomes(line.outcomes)}; refused signatures ${line.refused_signatures}`,
    );
  }
  lines.push("", `Open incidents: ${alert.open_incidents.length}`);
  for (const incident of alert.open_incidents) {
    lines.push(`- ${incident.title} (${whereOf(incident)}, seen ${incident.count} times)`);
  }
  return lines;
}

/** The subject line of an alert (email subject, first line elsewhere). */
export function subjectOf(alert: Alert): string {
  if (alert.kind === "digest") return "close-bridge daily digest";
  const { incident } = alert;
  const on = incident.source === null ? "" : ` (source ${incident.source})`;
  return `close-bridge ${VERB[alert.kind].toLowerCase()}: ${incident.title}${on}`;
}

/** The body as plain text (email), lines of what happened, the fix and the console link. */
export function writePlainText(alert: Alert): string {
  const lines: string[] = [];
  if (alert.kind === "digest") {
    lines.push(...digestLines(alert));
  } else {
    const { incident } = alert;
    lines.push(`${VERB[alert.kind]}: ${incident.title}`, "", ...factsOf(incident));
    if (alert.kind === "resolved") {
      lines.push(
        "",
        `Resolved at ${incident.resolved_at}: ${incident.resolution ?? "the cause stopped"}.`,
      );
    } else {
      lines.push("", `Fix: ${incident.fix}`);
    }
    lines.push("", `Incident ${incident.id}`);
  }
  lines.push(`Console: ${alert.console_url ?? CONSOLE_WHERE}`);
  return lines.join("\n");
}

/** Where the console is when the deployment does not say its address (`CONSOLE_URL`). */
export const CONSOLE_WHERE = "/admin on this bridge's address";

/**
 * Text as Slack's mrkdwn must receive it: `&`, `<` and `>` escaped (Slack reads `<...>` as a link
 * or a mention, `<!channel>` would ping everyone), nothing else touched.
 */
export function escapeSlackText(text: string): string {
  return text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");
}

/** A Slack-compatible incoming webhook body: `{"text": ...}` with Slack's mrkdwn. */
export function writeSlackBody(alert: Alert): { text: string } {
  const e = escapeSlackText;
  const link = alert.console_url
    ? `\n<${e(alert.console_url)}|Open the close-bridge console>`
    : `\nThe close-bridge console: ${e(CONSOLE_WHERE)}`;
  if (alert.kind === "digest") {
    const body = digestLines(alert).map(e).join("\n");
    return { text: `:bar_chart: *${e(subjectOf(alert))}*\n${body}${link}` };
  }
  const { incident } = alert;
  const lines = [`${EMOJI[alert.kind]} *${e(subjectOf(alert))}*`, ...factsOf(incident).map(e)];
  if (alert.kind === "resolved") {
    lines.push(`*Resolved:* ${e(incident.resolution ?? "the cause stopped")}.`);
  } else {
    lines.push(`*Fix:* ${e(incident.fix)}`);
  }
  return { text: `${lines.join("\n")}${link}` };
}

/** The generic webhook's body: a Standard Webhooks style `{type, timestamp, data}`. */
export function writeWebhookBody(alert: Alert, now: number): Record<string, unknown> {
  const type = alert.kind === "digest" ? "digest" : `incident.${alert.kind}`;
  const { kind: _kind, ...data } = alert;
  return { type, timestamp: new Date(now).toISOString(), data };
}
