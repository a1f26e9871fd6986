// What the end-to-end tests share: where the dev servers listen, the simulator's development
// key, and reading what the simulator stored.
import { DEV_PORTS } from "../../scripts/dev-servers.ts";

export const BRIDGE = `http://127.0.0.1:${DEV_PORTS.bridge}`;
export const SIMULATOR = `http://127.0.0.1:${DEV_PORTS.simulator}`;
export const EXAMPLES = `http://127.0.0.1:${DEV_PORTS.examples}`;
export const DEV_CLOSE_KEY = "api_dev.closebridge0simulator0key";

/** Reads one of the simulator's test-only lists. */
export async function simList(
  kind: "contacts" | "leads" | "notes" | "requests",
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
