import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import pkg from "../../package.json" with { type: "json" };
import { CloseError } from "../../src/close/error.ts";
import type { Source } from "../../src/config/load.ts";
import { observeDeliveryFailure, observeSignatureFailure } from "../../src/incidents/observe.ts";
import { bridgeWith } from "../helpers/bridge.ts";
import { resetWorld } from "../helpers/reset.ts";
import { setFaults } from "../helpers/sim.ts";
import { allIncidents } from "../incidents/helpers.ts";

beforeEach(resetWorld);

const TOKEN = "admin-test-token";
const auth = { authorization: `Bearer ${TOKEN}` };
const ALERTS = (env as unknown as { ALERTS: Record<string, unknown> }).ALERTS;

type Report = {
  ok: boolean;
  version: string;
  reasons: string[];
  warnings: string[];
  checks: Record<string, { ok: boolean } & Record<string, unknown>>;
};

async function deepHealth(vars: Record<string, unknown> = {}) {
  const call = bridgeWith({ ADMIN_TOKEN: TOKEN, ...vars });
  const response = await call("/v1/health?deep=1", { headers: auth });
  return { status: response.status, report: (await response.json()) as Report };
}

describe("GET /v1/health?deep=1", () => {
  it("answers 200 when Close takes the key, the configuration is valid, D1 writes and nothing waits", async () => {
    const { status, report } = await deepHealth();
    expect(status).toBe(200);
    expect(report).toMatchObject({ ok: true, version: pkg.version, reasons: [] });
    expect(report.checks).toMatchObject({
      close: { ok: true },
      config: { ok: true, problems: [] },
      database: { ok: true },
      backlog: { ok: true, queued: 0, retrying: 0, oldest_undelivered_id: null },
      incidents: { ok: true, open: [] },
      alerts: { ok: true, channels: { slack: "on", webhook: "on", email: "off: not configured" } },
    });
  });

  it("answers 503 naming Close's refusal while Close answers 401, opens the incident, and 200 once Close takes the key again", async () => {
    await setFaults({ error_rate: 1, error_status: 401 });
    const during = await deepHealth();
    expect(during.status).toBe(503);
    expect(during.report.ok).toBe(false);
    expect(during.report.reasons).toContain("Close: GET /me/: Close refused the API key (401)");
    expect(during.report.reasons).toContain("open incident: Close refuses the API key");
    expect(await allIncidents()).toMatchObject([{ cause: "close_auth_failed", status: "open" }]);

    await setFaults({});
    const after = await deepHealth();
    expect(after.status).toBe(200);
    expect(after.report.reasons).toEqual([]);
    expect(await allIncidents()).toMatchObject([
      { cause: "close_auth_failed", status: "resolved" },
    ]);
  });

  it("answers 503 with the backlog when submissions wait past the thresholds", async () => {
    const now = Date.now();
    await env.DB.prepare(
      `INSERT INTO submissions (id, source, mode, received_at, status, attempts, max_retries, updated_at)
       VALUES ('sub_OLD', 'website', 'queue', ?1, 'retrying', 3, 10, ?1), ('sub_NEW', 'website', 'queue', ?2, 'queued', 0, 10, ?2)`,
    )
      .bind(now - 2 * 3_600_000, now)
      .run();
    const { status, report } = await deepHealth({ ALERTS: { ...ALERTS, backlog: 1 } });
    expect(status).toBe(503);
    expect(report.reasons).toEqual(
      expect.arrayContaining([
        "2 submissions wait for delivery (threshold 1)",
        "the oldest undelivered submission waits for 120 minutes",
      ]),
    );
    expect(report.checks.backlog).toMatchObject({
      ok: false,
      queued: 1,
      retrying: 1,
      oldest_undelivered_id: "sub_OLD",
    });
  });

  it("answers 503 naming a configuration problem", async () => {
    const { status, report } = await deepHealth({
      SOURCES: { s: { preset: "json", auth: { type: "token", secret: "UNSET_TOKEN" } } },
    });
    expect(status).toBe(503);
    expect(report.checks.config).toMatchObject({
      ok: false,
      problems: [
        { source: "s", field: "auth.secret", problem: "the secret UNSET_TOKEN is not set" },
      ],
    });
  });

  it("answers 503 naming an alert channel configured without its secret", async () => {
    const { status, report } = await deepHealth({ ALERT_SLACK_URL: "" });
    expect(status).toBe(503);
    expect(report.reasons).toEqual([
      "the slack alert channel is configured but cannot send: the secret ALERT_SLACK_URL is not set",
    ]);
    expect(report.checks.alerts).toMatchObject({
      ok: false,
      channels: { slack: "off: the secret ALERT_SLACK_URL is not set", webhook: "on" },
    });
  });

  it("answers 200 with warnings while dead submissions wait for a replay and signature checks spike", async () => {
    const now = Date.now();
    await env.DB.prepare(
      `INSERT INTO submissions (id, source, mode, received_at, status, attempts, max_retries, updated_at)
       VALUES ('sub_DEAD', 'website', 'queue', ?1, 'dead', 3, 3, ?1)`,
    )
      .bind(now)
      .run();
    await observeDeliveryFailure(env, {
      source: "website",
      submissionId: "sub_DEAD",
      error: new CloseError("unavailable", "Close answered 503", {
        status: 503,
        request: "POST /lead/",
      }),
      dead: true,
    });
    const typeform = { name: "typeform", auth: { type: "typeform", secret: "TYPEFORM_SECRET" } };
    const deferred: Promise<unknown>[] = [];
    for (let i = 0; i < 25; i++) {
      observeSignatureFailure(env, typeform as unknown as Source, now, (work) =>
        deferred.push(work),
      );
    }
    await Promise.all(deferred);
    expect((await allIncidents()).map((i) => i.cause).sort()).toEqual([
      "signature_failures",
      "submissions_dead",
    ]);

    const { status, report } = await deepHealth();
    expect(status).toBe(200);
    expect(report.reasons).toEqual([]);
    expect(report.warnings.sort()).toEqual([
      "open incident: Signature checks are failing (source typeform)",
      "open incident: Submissions went dead (source website)",
    ]);
  });

  it("needs the admin token; the plain health check does not", async () => {
    const call = bridgeWith({ ADMIN_TOKEN: TOKEN });
    expect((await call("/v1/health?deep=1")).status).toBe(401);
    expect(
      (await call("/v1/health?deep=1", { headers: { authorization: "Bearer nope" } })).status,
    ).toBe(401);
    const plain = await call("/v1/health");
    expect(plain.status).toBe(200);
    expect(await plain.json()).toEqual({ ok: true, version: pkg.version, config: "valid" });
  });
});
