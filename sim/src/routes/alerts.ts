// Alert sinks for development and tests (outside /api/v1: no Close auth, rate limit, faults or
// request log): a Slack-compatible incoming webhook (`POST /__sim/alerts/slack`, which like
// Slack's refuses a body without `text`) and a generic JSON webhook (`POST
// /__sim/alerts/webhook`), both recorded with their headers, listed at `GET /__sim/alerts`.
// `POST /__sim/alerts/faults {"status": 503}` makes both sinks fail until `{}` clears it.
import type { Context, Hono } from "hono";
import { z } from "zod";
import type { AppEnv, SimulatorDeps } from "../app-env.ts";
import { CloseApiError } from "../errors.ts";
import { SIMULATOR_PREFIX } from "./simulator.ts";

const ALERTS = `${SIMULATOR_PREFIX}/alerts`;

// The headers worth keeping: what a receiver verifies (Standard Webhooks) and the body's type.
const KEPT_HEADERS = [
  "content-type",
  "user-agent",
  "webhook-id",
  "webhook-timestamp",
  "webhook-signature",
];

const AlertFaults = z.strictObject({ status: z.number().int().min(400).max(599).optional() });

/** The request's body as JSON, or undefined when it is not JSON. */
async function readJson(c: Context<AppEnv>): Promise<{ text: string; json: unknown }> {
  const text = await c.req.text();
  try {
    return { text, json: JSON.parse(text) as unknown };
  } catch {
    return { text, json: undefined };
  }
}

function keptHeaders(headers: Headers): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const name of KEPT_HEADERS) {
    const value = headers.get(name);
    if (value !== null) kept[name] = value;
  }
  return kept;
}

/** Registers the alert sinks. */
export function registerAlertRoutes(app: Hono<AppEnv>, deps: SimulatorDeps): void {
  const receive = async (c: Context<AppEnv>, channel: "slack" | "webhook") => {
    const { text, json } = await readJson(c);
    const failure = deps.alerts.readFailure();
    // Slack answers 400 `invalid_payload` to a body that is not JSON and `no_text` to one
    // without text (https://api.slack.com/messaging/webhooks#handling_errors).
    let status = 200;
    let answer = "ok";
    if (failure !== undefined) {
      status = failure;
      answer = "simulated failure";
    } else if (json === undefined || typeof json !== "object" || json === null) {
      status = 400;
      answer = "invalid_payload";
    } else if (channel === "slack" && typeof (json as { text?: unknown }).text !== "string") {
      status = 400;
      answer = "no_text";
    }
    deps.alerts.record({
      channel,
      status,
      headers: keptHeaders(c.req.raw.headers),
      body: json ?? text,
      at: new Date().toISOString(),
    });
    return c.text(answer, status as 200);
  };

  app.post(`${ALERTS}/slack`, (c) => receive(c, "slack"));
  app.post(`${ALERTS}/webhook`, (c) => receive(c, "webhook"));
  app.get(ALERTS, (c) => c.json({ data: deps.alerts.listAll() }));
  app.post(`${ALERTS}/faults`, async (c) => {
    const { json } = await readJson(c);
    const parsed = AlertFaults.safeParse(json ?? {});
    if (!parsed.success) {
      throw new CloseApiError(400, {
        errors: [],
        "field-errors": { status: "must be a whole number from 400 to 599" },
      });
    }
    deps.alerts.writeFailure(parsed.data.status);
    return c.json({ status: parsed.data.status ?? null });
  });
}
