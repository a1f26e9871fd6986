// The alert channels of a deployment and how a message reaches each: a POST to a Slack-compatible
// incoming webhook, a signed POST to a generic webhook, an email through a `send_email` binding.
// `[vars.ALERTS]` is read on its own, so that a configuration broken elsewhere still alerts.

import { AlertsConfig } from "../config/alerts.ts";
import { readSecret } from "../config/load.ts";
import { BridgeVars } from "../config/schema.ts";
import { signStandardWebhooks } from "../providers/standard-webhooks/signature.ts";
import * as z from "../zod.ts";
import {
  type Alert,
  subjectOf,
  writePlainText,
  writeSlackBody,
  writeWebhookBody,
} from "./messages.ts";

/** The kinds of channel an alert can go to. */
export const ChannelName = z.deferred(() => z.enum(["slack", "webhook", "email"]));
export type ChannelName = z.infer<typeof ChannelName>;

/** How long one post to a channel may take. */
const SEND_TIMEOUT_MS = 10_000;

const parsed = new WeakMap<object, AlertsConfig | null>();

/** `[vars.ALERTS]` of this isolate, with defaults; null when it is invalid (`npm run check` says why). */
export function readAlertsConfig(env: Env): AlertsConfig | null {
  let config = parsed.get(env);
  if (config === undefined) {
    const result = AlertsConfig.safeParse((env as unknown as Record<string, unknown>).ALERTS ?? {});
    config = result.success ? result.data : null;
    parsed.set(env, config);
  }
  return config;
}

/** The `send_email` binding named `name`, if the Worker has it. */
function emailBindingOf(env: Env, name: string): SendEmail | undefined {
  const binding = (env as unknown as Record<string, unknown>)[name] as SendEmail | undefined;
  return typeof binding?.send === "function" ? binding : undefined;
}

/** Why a channel is off, or "on". */
export type ChannelState = "on" | `off: ${string}`;

/** Each channel's state: configured and with its secrets and binding present, or why not. */
export function describeChannels(env: Env): Record<ChannelName, ChannelState> {
  const config = readAlertsConfig(env);
  if (config === null) {
    const off = "off: [vars.ALERTS] is invalid (npm run check names the problem)" as const;
    return { slack: off, webhook: off, email: off };
  }
  const secret = (name: string): ChannelState =>
    readSecret(env, name) === "" ? `off: the secret ${name} is not set` : "on";
  const secrets = (...names: string[]): ChannelState =>
    names.map(secret).find((state) => state !== "on") ?? "on";
  const { slack, webhook, email } = config;
  const binding = email ? emailBindingOf(env, email.binding) : undefined;
  return {
    slack: slack ? secrets(slack.url_secret) : "off: not configured",
    webhook: webhook ? secrets(webhook.url_secret, webhook.signing_secret) : "off: not configured",
    email: !email
      ? "off: not configured"
      : binding
        ? "on"
        : `off: no send_email binding named ${email.binding}`,
  };
}

/**
 * The channels `[vars.ALERTS]` configures that cannot send (a secret or binding missing, or the
 * table invalid), each with why: alerts silently off are a problem deep health reports.
 */
export function brokenChannels(env: Env): string[] {
  const config = readAlertsConfig(env);
  if (config === null) {
    return [
      "[vars.ALERTS] is invalid, so every alert channel is off (npm run check names the problem)",
    ];
  }
  const states = describeChannels(env);
  return ChannelName.options
    .filter((name) => config[name] !== undefined && states[name] !== "on")
    .map(
      (name) =>
        `the ${name} alert channel is configured but cannot send: ${states[name].replace(/^off: /, "")}`,
    );
}

/** The console's address (`CONSOLE_URL`), read on its own; null when unset or not a URL. */
export function readConsoleUrl(env: Env): string | null {
  const value = (env as unknown as Record<string, unknown>).CONSOLE_URL;
  const parsed = BridgeVars.shape.CONSOLE_URL.safeParse(value === "" ? undefined : value);
  return parsed.success ? (parsed.data ?? null) : null;
}

/** The channels that are on. */
export function channelsOn(env: Env): ChannelName[] {
  const states = describeChannels(env);
  return ChannelName.options.filter((name) => states[name] === "on");
}

/** Where the alerts of an incident change go: the channels that are on, and the console link. */
export type AlertTargets = { channels: readonly ChannelName[]; consoleUrl: string | null };

/** This deployment's alert targets. */
export function alertTargetsOf(env: Env): AlertTargets {
  return { channels: channelsOn(env), consoleUrl: readConsoleUrl(env) };
}

/** A channel that did not take the message: the reason, never the URL (it is a secret). */
export class AlertNotSent extends Error {
  constructor(message: string) {
    super(message);
    this.name = "AlertNotSent";
  }
}

/** The URL a secret holds, checked to be http(s). */
function urlIn(env: Env, secretName: string): string {
  const value = readSecret(env, secretName).trim();
  if (!URL.canParse(value) || !/^https?:$/.test(new URL(value).protocol)) {
    throw new AlertNotSent(`the secret ${secretName} does not hold an http(s) URL`);
  }
  return value;
}

/** Posts a JSON body; anything but 2xx (or no answer in time) is a failure. */
async function postJson(
  channel: ChannelName,
  url: string,
  body: string,
  headers: Record<string, string> = {},
): Promise<void> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json", "user-agent": "close-bridge", ...headers },
      body,
      signal: AbortSignal.timeout(SEND_TIMEOUT_MS),
    });
  } catch (error) {
    const timedOut = error instanceof Error && error.name === "TimeoutError";
    throw new AlertNotSent(
      timedOut
        ? `${channel} did not answer within ${SEND_TIMEOUT_MS} ms`
        : `${channel} could not be reached`,
    );
  }
  // The body is read and dropped, which releases the connection.
  await response.arrayBuffer().catch(() => undefined);
  if (!response.ok) throw new AlertNotSent(`${channel} answered ${response.status}`);
}

/**
 * Sends one alert to one channel; throws `AlertNotSent` saying why when the channel is off or
 * refuses. `id` names the message the same on every retry (the webhook's `webhook-id`).
 */
export async function sendAlert(
  env: Env,
  channel: ChannelName,
  id: string,
  alert: Alert,
  now: number,
): Promise<void> {
  const config = readAlertsConfig(env);
  const state = describeChannels(env)[channel];
  if (config === null || state !== "on") throw new AlertNotSent(`${channel} is ${state}`);
  switch (channel) {
    case "slack": {
      const url = urlIn(env, config.slack?.url_secret ?? "");
      return postJson(channel, url, JSON.stringify(writeSlackBody(alert)));
    }
    case "webhook": {
      const webhook = config.webhook;
      if (!webhook) throw new AlertNotSent("webhook is off: not configured");
      const url = urlIn(env, webhook.url_secret);
      const body = JSON.stringify(writeWebhookBody(alert, now));
      const headers = await signStandardWebhooks(
        readSecret(env, webhook.signing_secret),
        id,
        body,
        now,
      );
      if (headers === null) {
        throw new AlertNotSent(`the secret ${webhook.signing_secret} is not a whsec_<base64> key`);
      }
      return postJson(channel, url, body, headers);
    }
    case "email": {
      const email = config.email;
      const binding = email ? emailBindingOf(env, email.binding) : undefined;
      if (!email || !binding) throw new AlertNotSent("email is off: not configured");
      try {
        await binding.send({
          from: email.from,
          to: email.to,
          subject: subjectOf(alert),
          text: writePlainText(alert),
        });
      } catch (error) {
        throw new AlertNotSent(
          `email was refused: ${error instanceof Error ? error.message.slice(0, 200) : "unknown error"}`,
        );
      }
    }
  }
}
