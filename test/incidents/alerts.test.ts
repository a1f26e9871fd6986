import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { describeChannels } from "../../src/alerts/channels.ts";
import { CloseError } from "../../src/close/error.ts";
import { checkIncidents } from "../../src/incidents/checks.ts";
import { observeDeliveryFailure, sendDueAlerts } from "../../src/incidents/observe.ts";
import { verifyStandardWebhooksSignature } from "../../src/providers/standard-webhooks/signature.ts";
import { resetWorld } from "../helpers/reset.ts";
import { simAlerts } from "../helpers/sim.ts";
import { outboxRows, slackTexts } from "./helpers.ts";

beforeEach(resetWorld);

const ALERTS = (env as unknown as { ALERTS: Record<string, unknown> }).ALERTS;
const refusedField = () =>
  new CloseError("rejected", "Invalid", {
    status: 400,
    fieldErrors: { "custom.cf_abc": "Unknown custom field." },
    request: "POST /contact/",
  });

async function openRejection(vars: Env, now = Date.now()) {
  await observeDeliveryFailure(
    vars,
    { source: "website", submissionId: "sub_01EXAMPLE", error: refusedField(), dead: true },
    { now },
  );
}

describe("the generic webhook", () => {
  it("is signed with Standard Webhooks, verifiable with the signing secret, and names the incident", async () => {
    const now = Date.now();
    await openRejection(env, now);
    await sendDueAlerts(env, now);
    const [post] = (await simAlerts()).filter((alert) => alert.channel === "webhook");
    expect(post?.status).toBe(200);
    const headers = new Headers(post?.headers);
    expect(headers.get("content-type")).toBe("application/json");
    const body = JSON.stringify(post?.body);
    const check = await verifyStandardWebhooksSignature({
      request: {
        method: "POST",
        url: "http://receiver.test/",
        headers,
        body: new TextEncoder().encode(body),
      },
      secret: env.ALERT_WEBHOOK_SECRET,
      now,
      toleranceS: 300,
    });
    expect(check).toEqual({ ok: true });
    expect(headers.get("webhook-id")).toMatch(/^inc_[0-9A-Z]{26}\.opened\.webhook$/);
    expect(post?.body).toMatchObject({
      type: "incident.opened",
      data: {
        console_url: "http://127.0.0.1:8787/admin",
        incident: {
          cause: "close_rejected",
          source: "website",
          title: "Close refuses a mapped field",
          count: 1,
          example_id: "sub_01EXAMPLE",
          summary: "Close answered 400 to POST /contact/: it refused custom.cf_abc (unknown field).",
        },
      },
    });
  });

  it("is refused by a receiver checking with another secret", async () => {
    await openRejection(env);
    await sendDueAlerts(env, Date.now());
    const [post] = (await simAlerts()).filter((alert) => alert.channel === "webhook");
    const check = await verifyStandardWebhooksSignature({
      request: {
        method: "POST",
        url: "http://receiver.test/",
        headers: new Headers(post?.headers),
        body: new TextEncoder().encode(JSON.stringify(post?.body)),
      },
      secret: "whsec_bm90LXRoZS1zZWNyZXQ=",
      now: Date.now(),
      toleranceS: 300,
    });
    expect(check.ok).toBe(false);
  });
});

describe("email", () => {
  it("goes through the send_email binding with a subject and the fix, when the binding exists", async () => {
    const sent: EmailMessageBuilder[] = [];
    const vars = {
      ...env,
      ALERTS: {
        ...ALERTS,
        slack: undefined,
        webhook: undefined,
        email: { binding: "ALERT_EMAIL", from: "bridge@example.com", to: "ops@example.com" },
      },
      ALERT_EMAIL: {
        async send(message: EmailMessageBuilder) {
          sent.push(message);
          return { messageId: "m1" };
        },
      },
    } as unknown as Env;
    await openRejection(vars);
    await sendDueAlerts(vars, Date.now());
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({
      from: "bridge@example.com",
      to: "ops@example.com",
      subject: "close-bridge opened: Close refuses a mapped field (source website)",
    });
    expect(sent[0]?.text).toContain(
      "Fix: Fix the mapping of custom.cf_abc in [vars.SOURCES.website.fields]",
    );
    expect(sent[0]?.text).toContain("Console: http://127.0.0.1:8787/admin");
    expect(await simAlerts()).toEqual([]);
  });

  it("goes through a real send_email binding, which takes the message", async () => {
    const binding = (env as unknown as { ALERT_EMAIL?: SendEmail }).ALERT_EMAIL;
    expect(typeof binding?.send).toBe("function");
    const vars = {
      ...env,
      ALERT_SLACK_URL: "",
      ALERT_WEBHOOK_URL: "",
      ALERTS: {
        ...ALERTS,
        email: { binding: "ALERT_EMAIL", from: "bridge@example.com", to: ["ops@example.com"] },
      },
    } as unknown as Env;
    await openRejection(vars);
    await sendDueAlerts(vars, Date.now());
    expect(await outboxRows()).toMatchObject([{ channel: "email", status: "sent", attempts: 1 }]);
  });

  it("is off, not an error, when the account has no send_email binding", () => {
    const vars = {
      ...env,
      ALERT_EMAIL: undefined,
      ALERTS: {
        ...ALERTS,
        email: { binding: "ALERT_EMAIL", from: "b@example.com", to: ["o@example.com"] },
      },
    } as unknown as Env;
    expect(describeChannels(vars)).toEqual({
      slack: "on",
      webhook: "on",
      email: "off: no send_email binding named ALERT_EMAIL",
    });
  });
});

describe("channels", () => {
  it("are off when their secret is not set, and nothing is queued for them", async () => {
    const vars = { ...env, ALERT_SLACK_URL: "", ALERT_WEBHOOK_SECRET: "" } as Env;
    expect(describeChannels(vars)).toMatchObject({
      slack: "off: the secret ALERT_SLACK_URL is not set",
      webhook: "off: the secret ALERT_WEBHOOK_SECRET is not set",
    });
    await openRejection(vars);
    expect(await outboxRows()).toEqual([]);
  });

  it("a Slack URL that is not a URL fails the message with a reason that does not quote the secret", async () => {
    const vars = { ...env, ALERT_SLACK_URL: "not a url", ALERT_WEBHOOK_URL: "" } as Env;
    await openRejection(vars);
    await sendDueAlerts(vars, Date.now());
    expect(await outboxRows()).toMatchObject([
      {
        channel: "slack",
        status: "pending",
        last_error: "the secret ALERT_SLACK_URL does not hold an http(s) URL",
      },
    ]);
  });
});

describe("the daily digest", () => {
  it("is sent once a day after digest_hour, with counts per source and outcome", async () => {
    const vars = { ...env, ALERTS: { ...ALERTS, digest: true, digest_hour: 8 } } as Env;
    const now = Date.now();
    await env.DB.prepare(
      `INSERT INTO submissions (id, source, mode, received_at, status, outcome, attempts, max_retries, updated_at)
       VALUES ('sub_A', 'website', 'queue', ?1, 'delivered', 'created', 1, 10, ?1),
              ('sub_B', 'website', 'queue', ?1, 'dead', NULL, 1, 10, ?1),
              ('sub_C', 'zapier', 'queue', ?1, 'delivered', 'updated', 1, 10, ?1)`,
    )
      .bind(now - 3_600_000)
      .run();
    const day = new Date(now);
    const at = (hour: number) =>
      Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate(), hour, 5);
    const run = (time: number) =>
      checkIncidents(vars, time, { probeClose: "never", remind: false, digest: true });

    await run(at(7));
    expect(await outboxRows()).toEqual([]);
    await run(at(8));
    await run(at(9));
    expect((await outboxRows()).map((row) => `${row.kind}.${row.channel}`)).toEqual([
      "digest.slack",
      "digest.webhook",
    ]);
    await sendDueAlerts(vars, at(9));
    const [text] = await slackTexts();
    expect(text).toContain("close-bridge daily digest");
    expect(text).toContain("- website: created 1, dead 1; refused signatures 0");
    expect(text).toContain("- zapier: updated 1; refused signatures 0");
  });
});
