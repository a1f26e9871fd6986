import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { describeChannels } from "../../src/alerts/channels.ts";
import { type Alert, writePlainText, writeSlackBody } from "../../src/alerts/messages.ts";
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

/** The test's vars with an email channel whose binding keeps what it is given in `sent`. */
function withEmailCaptured(alerts: Record<string, unknown> = {}) {
  const sent: EmailMessageBuilder[] = [];
  const vars = {
    ...env,
    ALERTS: {
      ...ALERTS,
      ...alerts,
      email: { binding: "ALERT_EMAIL", from: "bridge@example.com", to: "ops@example.com" },
    },
    ALERT_EMAIL: {
      async send(message: EmailMessageBuilder) {
        sent.push(message);
        return { messageId: "m1" };
      },
    },
  } as unknown as Env;
  return { sent, vars };
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
          summary:
            "Close answered 400 to POST /contact/: it refused custom.cf_abc (unknown field).",
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
    const { sent, vars } = withEmailCaptured({ slack: undefined, webhook: undefined });
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

describe("the daily digest when D1 fails", () => {
  it("is not lost: a run whose messages cannot be written leaves the day unclaimed, and the next run sends it", async () => {
    const vars = { ...env, ALERTS: { ...ALERTS, digest: true, digest_hour: 8 } } as Env;
    const day = new Date();
    const at = Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate(), 9, 5);
    const options = { probeClose: "never", remind: false, digest: true } as const;
    const failing = { ...vars, DB: failingOutboxWrites(env.DB) } as Env;
    await expect(checkIncidents(failing, at, options)).rejects.toThrow("D1 is overloaded");
    expect(await outboxRows()).toEqual([]);
    await checkIncidents(vars, at + 60_000, options);
    expect((await outboxRows()).map((row) => `${row.kind}.${row.channel}`)).toEqual([
      "digest.slack",
      "digest.webhook",
    ]);
  });
});

/** D1 as it is, except that any batch writing to the alert outbox fails. */
function failingOutboxWrites(db: D1Database): D1Database {
  const sqlOf = new WeakMap<object, string>();
  return new Proxy(db, {
    get(target, property) {
      if (property === "prepare") {
        return (sql: string) => {
          const statement = target.prepare(sql);
          sqlOf.set(statement, sql);
          const bind = statement.bind.bind(statement);
          statement.bind = (...values: unknown[]) => {
            const bound = bind(...values);
            sqlOf.set(bound, sql);
            return bound;
          };
          return statement;
        };
      }
      if (property === "batch") {
        return async (statements: D1PreparedStatement[]) => {
          if (statements.some((s) => /INTO alert_outbox/.test(sqlOf.get(s) ?? ""))) {
            throw new Error("D1 is overloaded");
          }
          return target.batch(statements);
        };
      }
      const value = Reflect.get(target, property);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

describe("Slack text", () => {
  const incident = {
    id: "inc_01EXAMPLE0000000000000000000",
    cause: "config_invalid",
    source: "a&b",
    title: "The configuration is invalid",
    summary: "[vars.SOURCES.a&b] redirect: <!channel> must be <https://evil.example|a link> & more",
    fix: "Fix wrangler.toml",
    count: 1,
    example_id: null,
    first_seen: "2026-11-30T08:00:00.000Z",
    last_seen: "2026-11-30T08:00:00.000Z",
    resolved_at: null,
    resolution: null,
  };

  it("escapes &, < and > as Slack asks, so nothing in it becomes a mention or a link", () => {
    const alert: Alert = {
      kind: "opened",
      incident,
      console_url: "https://bridge.example.com/admin?a=1&b=2",
    };
    const { text } = writeSlackBody(alert);
    expect(text).toContain(
      "[vars.SOURCES.a&amp;b] redirect: &lt;!channel&gt; must be &lt;https://evil.example|a link&gt; &amp; more",
    );
    expect(text).toContain("*close-bridge opened: The configuration is invalid (source a&amp;b)*");
    expect(text).not.toContain("<!channel>");
    expect(text).not.toContain("<https://evil.example");
    // The one link is the bridge's own.
    expect(text.match(/<[^>]*>/g)).toEqual([
      "<https://bridge.example.com/admin?a=1&amp;b=2|Open the close-bridge console>",
    ]);
  });

  it("says where the console is when CONSOLE_URL is not set", () => {
    const alert: Alert = { kind: "opened", incident, console_url: null };
    expect(writeSlackBody(alert).text).toContain(
      "The close-bridge console: /admin on this bridge's address",
    );
    expect(writePlainText(alert)).toContain("Console: /admin on this bridge's address");
  });
});

describe("alerts and personal data", () => {
  it("no alert body (Slack, webhook, email) carries the email, phone or name of the submissions behind it, whatever Close quoted", async () => {
    const { sent, vars } = withEmailCaptured();
    const quoting = new CloseError(
      "rejected",
      "'Ada Lovelace' <ada.lovelace@example.com> refused",
      {
        status: 400,
        fieldErrors: {
          name: "'Ada Lovelace' is not a valid name",
          emails: "Enter a valid email address: ada.lovelace@example.com",
          phones: 'Invalid phone number "+1 415 555 0100"',
          "custom.cf_city": "Value 'Lovelace Street 12' is not one of the choices",
        },
        request: "POST /contact/",
      },
    );
    const quotingAlone = new CloseError("rejected", "Lead 'Ada Lovelace' is invalid", {
      status: 400,
      request: "POST /lead/",
    });
    await observeDeliveryFailure(vars, {
      source: "website",
      submissionId: "sub_PD1",
      error: quoting,
      dead: true,
    });
    await observeDeliveryFailure(vars, {
      source: "zapier",
      submissionId: "sub_PD2",
      error: quotingAlone,
      dead: true,
    });
    await observeDeliveryFailure(vars, {
      source: "zapier",
      submissionId: "sub_PD3",
      error: { code: "close_rejected", message: "POST /lead/: 'Ada Lovelace' is invalid" },
      dead: true,
    });
    await sendDueAlerts(vars, Date.now());

    const received = await simAlerts();
    expect(received.map((alert) => alert.channel).sort()).toEqual([
      "slack",
      "slack",
      "slack",
      "webhook",
      "webhook",
      "webhook",
    ]);
    expect(sent).toHaveLength(3);
    const bodies = [
      ...received.map((alert) => JSON.stringify(alert.body)),
      ...sent.map((message) => `${message.subject}\n${message.text}`),
    ];
    for (const body of bodies) {
      // The incident's id (a random ULID) and the timestamps are generated, and may spell "ADA"
      // or "415" by chance: they are taken out before looking for the person's data.
      const written = body
        .replace(/inc_[0-9A-Z]{26}/g, "inc_ID")
        .replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z/g, "TIME");
      expect(written).not.toMatch(/ada|lovelace|415|555|0100|a\*\*\*@/i);
    }
    const webhook = received.find(
      (alert) => alert.channel === "webhook" && JSON.stringify(alert.body).includes("sub_PD1"),
    );
    expect(JSON.stringify(webhook?.body)).toContain(
      "it refused custom.cf_city (not an allowed choice), emails (invalid value), name (invalid value), phones (invalid value)",
    );
  });
});
