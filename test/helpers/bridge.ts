// Requests to the bridge Worker from its tests: through `exports.default` for the shipped
// configuration, or through `createApp()` with sources of the test's own.
import { env, exports } from "cloudflare:workers";
import { parse as parseToml } from "smol-toml";
import { createApp } from "../../src/app.ts";
import wranglerToml from "../../wrangler.toml?raw";
import { recordAnswer } from "./capture.ts";

const ctx = {
  waitUntil() {},
  passThroughOnException() {},
  props: {},
} as unknown as ExecutionContext;

/** Sends a request to the bridge as deployed with wrangler.toml. */
export async function callBridge(path: string, init?: RequestInit): Promise<Response> {
  return recordAnswer(await exports.default.fetch(new Request(`http://bridge.test${path}`, init)));
}

/** A bridge whose `SOURCES` (and other vars) the test chooses. */
export function bridgeWith(vars: Record<string, unknown>) {
  const custom = { ...env, ...vars } as Env;
  const app = createApp();
  return async (path: string, init?: RequestInit) =>
    recordAnswer(await app.fetch(new Request(`http://bridge.test${path}`, init), custom, ctx));
}

/** A URL-encoded form body. */
export function formBody(fields: Record<string, string | string[]>): URLSearchParams {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(fields)) {
    for (const item of Array.isArray(value) ? value : [value]) params.append(name, item);
  }
  return params;
}

/** Headers of a browser on the example page posting its form and asking for JSON. */
export const EXAMPLE_FORM_HEADERS = {
  origin: "http://127.0.0.1:8789",
  accept: "application/json",
  "content-type": "application/x-www-form-urlencoded",
};

/** The sources of the shipped wrangler.toml. */
export function shippedSources(): Record<string, Record<string, unknown>> {
  const vars = (
    parseToml(wranglerToml) as { vars: { SOURCES: Record<string, Record<string, unknown>> } }
  ).vars;
  return vars.SOURCES;
}

/** A bridge with the shipped sources switched to sync mode. */
export function syncBridge() {
  const sources = Object.fromEntries(
    Object.entries(shippedSources()).map(([name, source]) => [name, { ...source, mode: "sync" }]),
  );
  return bridgeWith({ SOURCES: sources });
}
