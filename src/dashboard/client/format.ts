// How the console writes times, durations, counts and the log's words for people.
import { h } from "./dom.ts";

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "medium" });
const hourOnly = new Intl.DateTimeFormat(undefined, { hour: "2-digit", minute: "2-digit" });
const dayAndHour = new Intl.DateTimeFormat(undefined, {
  weekday: "short",
  hour: "2-digit",
  minute: "2-digit",
});
const number = new Intl.NumberFormat();

/** A time in the browser's zone, in a `<time>` carrying the exact instant. */
export function timeElement(iso: string | null): HTMLTimeElement | string {
  if (!iso) return "—";
  return h("time", { datetime: iso, title: iso }, dateTime.format(new Date(iso)));
}

/** A bucket's start as the chart's axis says it: the hour, with the day for longer windows. */
export function formatBucket(iso: string, withDay: boolean): string {
  return (withDay ? dayAndHour : hourOnly).format(new Date(iso));
}

/** A count with the browser's digit grouping. */
export function formatCount(n: number): string {
  return number.format(n);
}

/** A duration: 850 ms, 4.2 s, 3 min, 2.5 h. */
export function formatDuration(ms: number): string {
  const short = (n: number) => String(Number(n.toFixed(n < 10 ? 1 : 0)));
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${short(ms / 1000)} s`;
  if (ms < 3_600_000) return `${short(ms / 60_000)} min`;
  return `${short(ms / 3_600_000)} h`;
}

/** How long ago `iso` was, in words ("3 minutes ago"). */
export function formatAgo(iso: string | null, now = Date.now()): string {
  if (!iso) return "never";
  const seconds = Math.round((now - Date.parse(iso)) / 1000);
  const relative = new Intl.RelativeTimeFormat(undefined, { numeric: "auto" });
  if (Math.abs(seconds) < 60) return relative.format(-seconds, "second");
  if (Math.abs(seconds) < 3600) return relative.format(-Math.round(seconds / 60), "minute");
  if (Math.abs(seconds) < 86_400) return relative.format(-Math.round(seconds / 3600), "hour");
  return relative.format(-Math.round(seconds / 86_400), "day");
}

/** `1 submission`, `3 submissions`. */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${formatCount(n)} ${n === 1 ? one : many}`;
}

/** What each outcome of the chart is called. */
export const OUTCOME_LABELS: Record<string, string> = {
  created: "Created",
  updated: "Updated",
  skipped: "Skipped (duplicate)",
  in_progress: "In progress",
  dead: "Dead",
  ignored: "Ignored event",
  spam: "Spam (honeypot)",
  refused: "Refused (4xx)",
};

/** A status as a badge: its word (never its colour alone) in the status's colours. */
export function statusBadge(status: string, outcome?: string | null): HTMLElement {
  const word = status === "delivered" && outcome ? `${status} · ${outcome}` : status;
  return h("span", { class: `badge status-${status}` }, word);
}
