// The Close simulator as the bridge's tests see it: every outbound request of the test Worker
import { parse as parseToml } from "smol-toml";
import simToml from "../../sim/wrangler.toml?raw";

// reaches the simulator (vitest.config.ts, outboundService), so any host works.
const SIM = "http://close.test";

/** A record as the simulator stores it. */
export type SimRecord = Record<string, unknown> & { id: string };

async function simGet(path: string): Promise<SimRecord[]> {
  const response = await fetch(`${SIM}${path}`);
  if (!response.ok) throw new Error(`simulator ${path}: ${response.status}`);
  return ((await response.json()) as { data: SimRecord[] }).data;
}

/** Clears the simulator's data, request log, faults and rate-limit counters. */
export async function resetSimulator() {
  const response = await fetch(`${SIM}/__sim/reset`, { method: "POST" });
  if (!response.ok) throw new Error(`simulator reset: ${response.status}`);
}

/** Sets the simulator's faults (`{}` clears them). */
export async function setFaults(faults: Record<string, unknown>) {
  const response = await fetch(`${SIM}/__sim/faults`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(faults),
  });
  if (!response.ok)
    throw new Error(`simulator faults: ${response.status} ${await response.text()}`);
}

/** Everything the simulator stores. */
export const simContacts = () => simGet("/__sim/contacts");
export const simLeads = () => simGet("/__sim/leads");
export const simNotes = () => simGet("/__sim/notes");
export const simTasks = () => simGet("/__sim/tasks");
export const simCustomActivities = () => simGet("/__sim/custom_activities");
export const simOpportunities = () => simGet("/__sim/opportunities");

/** The Close API requests the simulator received, oldest first. */
export async function simRequests(): Promise<
  { method: string; path: string; status: number; body: unknown }[]
> {
  return (await simGet("/__sim/requests")) as unknown as {
    method: string;
    path: string;
    status: number;
    body: unknown;
  }[];
}

/** Creates a record through the simulator's Close API with the development key. */
export async function closeApi(method: string, path: string, body?: unknown): Promise<SimRecord> {
  const response = await fetch(`${SIM}/api/v1${path}`, {
    method,
    headers: {
      authorization: `Basic ${btoa("api_dev.closebridge0simulator0key:")}`,
      "content-type": "application/json",
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok)
    throw new Error(`Close ${method} ${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as SimRecord;
}

/** The simulator's custom fields by name (sim/wrangler.toml), so tests need not copy ids. */
export function customFieldId(objectType: "contact" | "lead", name: string): string {
  const vars = (
    parseToml(simToml) as {
      vars: { CUSTOM_FIELDS: Record<string, { id: string; name: string }[]> };
    }
  ).vars;
  const field = vars.CUSTOM_FIELDS[objectType]?.find((f) => f.name === name);
  if (!field) throw new Error(`the simulator has no ${objectType} custom field named ${name}`);
  return field.id;
}

/** The Close API requests whose body mentions `text` (an email unique to one test). */
export async function simRequestsAbout(text: string) {
  return (await simRequests()).filter((r) => JSON.stringify(r.body ?? null).includes(text));
}

/** One post an alert sink of the simulator received. */
export type SimAlert = {
  seq: number;
  channel: "slack" | "webhook";
  status: number;
  headers: Record<string, string>;
  body: unknown;
  at: string;
};

/** What the simulator's alert sinks received, oldest first. */
export async function simAlerts(): Promise<SimAlert[]> {
  return (await simGet("/__sim/alerts")) as unknown as SimAlert[];
}

/** Makes the simulator's alert sinks answer `status` (undefined: take alerts again). */
export async function failAlertSinks(status?: number) {
  const response = await fetch(`${SIM}/__sim/alerts/faults`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(status === undefined ? {} : { status }),
  });
  if (!response.ok) throw new Error(`simulator alert faults: ${response.status}`);
}
