// What the end-to-end tests share: where the dev servers listen, the simulator's development
// key, and reading what the simulator stored.
import { readFileSync } from "node:fs";
import { DEV_PORTS } from "../../scripts/dev-servers.ts";

export const BRIDGE = `http://127.0.0.1:${DEV_PORTS.bridge}`;
export const SIMULATOR = `http://127.0.0.1:${DEV_PORTS.simulator}`;
export const EXAMPLES = `http://127.0.0.1:${DEV_PORTS.examples}`;
export const DEV_CLOSE_KEY = "api_dev.closebridge0simulator0key";

/** Reads one of the simulator's test-only lists. */
export async function simList(
  kind:
    | "contacts"
    | "leads"
    | "notes"
    | "requests"
    | "tasks"
    | "custom_activities"
    | "opportunities",
): Promise<Record<string, unknown>[]> {
  const response = await fetch(`${SIMULATOR}/__sim/${kind}`);
  return ((await response.json()) as { data: Record<string, unknown>[] }).data;
}

/** Clears the simulator between tests. */
export async function resetSimulator() {
  await fetch(`${SIMULATOR}/__sim/reset`, { method: "POST" });
}

/** Polls until `read` answers something (the bridge may deliver after it answers). */
export async function waitFor<T>(
  read: () => Promise<T | undefined>,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error("timed out waiting");
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** A development secret from `.dev.vars.example`, which `npm run dev` runs with. */
export function devSecret(name: string): string {
  const line = readFileSync(".dev.vars.example", "utf8")
    .split("\n")
    .find((l) => l.startsWith(`${name}=`));
  if (!line) throw new Error(`no ${name} in .dev.vars.example`);
  return line.slice(name.length + 1);
}

export const ADMIN = { authorization: `Bearer ${devSecret("ADMIN_TOKEN")}` };

/** A submission as the admin API shows it. */
export async function submission(id: string) {
  const response = await fetch(`${BRIDGE}/v1/admin/submissions/${id}`, { headers: ADMIN });
  return (await response.json()) as {
    status: string;
    outcome: string | null;
    contact_id: string | null;
    lead_id: string | null;
  };
}

/** Waits until the queue has delivered a submission, and answers it. */
export function delivered(id: string) {
  return waitFor(async () => {
    const s = await submission(id);
    return s.status === "delivered" ? s : undefined;
  });
}
