import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { alertTargetsOf } from "../../src/alerts/channels.ts";
import { CloseError } from "../../src/close/error.ts";
import { checkIncidents, REMOVED_SOURCE_QUIET_MS } from "../../src/incidents/checks.ts";
import {
  observeDeliveryFailure,
  observeDeliverySuccess,
  observeSignatureFailure,
  sendDueAlerts,
} from "../../src/incidents/observe.ts";
import { recordIncident } from "../../src/incidents/store.ts";
import { watchOnSchedule } from "../../src/incidents/watch.ts";
import { loadSubmission } from "../../src/store/submissions.ts";
import { bridgeWith } from "../helpers/bridge.ts";
import { queueHarness } from "../helpers/queue.ts";
import { resetWorld } from "../helpers/reset.ts";
import { failAlertSinks, setFaults, simAlerts } from "../helpers/sim.ts";
import { waitUntil } from "../helpers/wait.ts";
import { allIncidents, outboxRows, slackTexts, webhookTypes } from "./helpers.ts";

beforeEach(resetWorld);

const TOKEN = "admin-test-token";
const ADMIN = { authorization: `Bearer ${TOKEN}` };
const HOUR = 3_600_000;
const ALERTS = (env as unknown as { ALERTS: Record<string, unknown> }).ALERTS;

type Harness = ReturnType<typeof queueHarness>;

function harness(
  sources: Record<string, Record<string, unknown>> = { s: {} },
  vars: Record<string, unknown> = {},
) {
  return queueHarness({
    ADMIN_TOKEN: TOKEN,
    SOURCES: Object.fromEntries(
      Object.entries(sources).map(([name, options]) => [
        name,
        { preset: "json", allow_unprotected: true, ...options },
      ]),
    ),
    ...vars,
  });
}

async function post(h: Harness, body: Record<string, unknown>, source = "s") {
  const response = await h.fetch(`/v1/hooks/${source}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  return (await response.json()) as { id: string };
}

async function replay(h: Harness, id: string) {
  const response = await h.fetch(`/v1/admin/submissions/${id}/replay`, {
    method: "POST",
    headers: { authorization: `Bearer ${TOKEN}` },
  });
  expect(response.status).toBe(202);
}

const refusedKey = () =>
  new CloseError("auth", "Close refused the API key", { status: 401, request: "POST /contact/" });

describe("Close refusing the API key", () => {
  it("ten failing submissions open one incident with one opened alert per channel; a replay delivered after the fault resolves it with one alert", async () => {
    const h = harness();
    await setFaults({ error_rate: 1, error_status: 401 });
    const ids: string[] = [];
    for (let i = 0; i < 10; i++) ids.push((await post(h, { email: `key${i}@example.com` })).id);
    await h.consume(h.sent.splice(0));
    await sendDueAlerts(h.env, Date.now());

    const [incident, ...others] = await allIncidents();
    expect(others).toEqual([]);
    expect(incident).toMatchObject({
      cause: "close_auth_failed",
      source: "",
      status: "open",
      count: 10,
    });
    expect(ids).toContain(incident?.example_id);
    const [opened, ...moreSlack] = await slackTexts();
    expect(moreSlack).toEqual([]);
    expect(opened).toContain("Close refuses the API key");
    expect(opened).toContain("Close answered 401");
    expect(opened).toContain("wrangler secret put CLOSE_API_KEY");
    expect(opened).toContain("Seen 10 times");
    expect(opened).toContain(`First example: ${incident?.example_id}`);
    expect(opened).toContain("<http://127.0.0.1:8787/admin|Open the close-bridge console>");
    expect(await webhookTypes()).toEqual(["incident.opened"]);

    await setFaults({});
    await replay(h, ids[0] as string);
    await h.consume(h.sent.splice(0));
    expect((await loadSubmission(env.DB, ids[0] as string))?.status).toBe("delivered");
    await sendDueAlerts(h.env, Date.now());
    expect(await allIncidents()).toMatchObject([{ id: incident?.id, status: "resolved" }]);
    const texts = await slackTexts();
    expect(texts).toHaveLength(2);
    expect(texts[1]).toContain("close-bridge resolved: Close refuses the API key");
    expect(texts[1]).toContain(`a delivery of s succeeded (${ids[0]})`);
    expect(await webhookTypes()).toEqual(["incident.opened", "incident.resolved"]);

    // Later deliveries resolve nothing more and announce nothing.
    await post(h, { email: "later@example.com" });
    await h.consume(h.sent.splice(0));
    await sendDueAlerts(h.env, Date.now());
    expect(await slackTexts()).toHaveLength(2);
  });

  it("counts every failure on the one open incident, and a failure after it resolved opens a new one", async () => {
    const t0 = Date.UTC(2026, 10, 2, 9);
    for (let i = 0; i < 3; i++) {
      await observeDeliveryFailure(
        env,
        { source: "s", submissionId: `sub_${i}`, error: refusedKey(), dead: false },
        { now: t0 + i * 1000 },
      );
    }
    const [first] = await allIncidents();
    expect(first).toMatchObject({
      count: 3,
      example_id: "sub_0",
      first_seen: t0,
      last_seen: t0 + 2000,
    });
    expect((await outboxRows()).map((row) => row.kind)).toEqual(["opened", "opened"]);

    await observeDeliverySuccess(env, { source: "s", submissionId: "sub_ok" }, { now: t0 + HOUR });
    await observeDeliveryFailure(
      env,
      { source: "s", submissionId: "sub_again", error: refusedKey(), dead: false },
      { now: t0 + 2 * HOUR },
    );
    const incidents = await allIncidents();
    expect(incidents.map((i) => [i.status, i.count, i.example_id])).toEqual([
      ["resolved", 3, "sub_0"],
      ["open", 1, "sub_again"],
    ]);
    expect((await outboxRows()).map((row) => `${row.kind}.${row.channel}`).sort()).toEqual([
      "opened.slack",
      "opened.slack",
      "opened.webhook",
      "opened.webhook",
      "resolved.slack",
      "resolved.webhook",
    ]);
  });

  it("concurrent failures open one incident", async () => {
    const now = Date.now();
    await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        observeDeliveryFailure(
          env,
          { source: "s", submissionId: `sub_${i}`, error: refusedKey(), dead: false },
          { now },
        ),
      ),
    );
    expect(await allIncidents()).toMatchObject([{ cause: "close_auth_failed", count: 12 }]);
    expect(await outboxRows()).toHaveLength(2);
  });

  it("the checks' probe of GET /me/ resolves the incident once Close takes the key again", async () => {
    await observeDeliveryFailure(env, {
      source: "s",
      submissionId: "sub_1",
      error: refusedKey(),
      dead: false,
    });
    await checkIncidents(env, Date.now(), {
      probeClose: "while_refused",
      remind: false,
      digest: false,
    });
    expect(await allIncidents()).toMatchObject([
      { status: "resolved", resolution: "Close accepts the key again (GET /me/)" },
    ]);
  });

  it("GET /v1/health?deep=1 answers 503 while deliveries meet a 401, and 200 resolving the incident once Close takes the key", async () => {
    const h = harness();
    await setFaults({ error_rate: 1, error_status: 401 });
    await post(h, { email: "deep@example.com" });
    await h.consume(h.sent.splice(0));
    const during = await h.fetch("/v1/health?deep=1", { headers: ADMIN });
    expect(during.status).toBe(503);
    expect(((await during.json()) as { reasons: string[] }).reasons).toContain(
      "open incident: Close refuses the API key",
    );

    await setFaults({});
    const after = await h.fetch("/v1/health?deep=1", { headers: ADMIN });
    expect(after.status).toBe(200);
    expect(await allIncidents()).toMatchObject([
      {
        cause: "close_auth_failed",
        detail: "401",
        status: "resolved",
        resolution: "Close accepts the key again (GET /me/)",
      },
    ]);
  });

  it("a key Close takes on GET /me/ but refuses on writes (403): one incident, kept open by deep health and the cron, resolved by a delivery that goes through", async () => {
    const h = harness();
    await setFaults({
      error_rate: 1,
      error_status: 403,
      endpoints: ["POST /lead/", "POST /contact/"],
    });
    await post(h, { email: "forbidden@example.com" });
    await h.consume(h.sent.splice(0));
    const [incident] = await allIncidents();
    expect(incident).toMatchObject({
      cause: "close_auth_failed",
      detail: "403 POST /contact/",
      status: "open",
    });
    expect(incident?.summary).toContain("Close answered 403 to POST /");
    expect(incident?.summary).toContain("lacks permission");
    expect(incident?.fix).toContain("Close answered 403: the API key lacks permission");

    for (let i = 0; i < 3; i++) {
      const health = await h.fetch("/v1/health?deep=1", { headers: ADMIN });
      expect(health.status).toBe(503);
      await watchOnSchedule(h.env, Date.now());
    }
    await sendDueAlerts(h.env, Date.now());
    expect(await allIncidents()).toMatchObject([{ id: incident?.id, status: "open" }]);
    const [opened, ...more] = await slackTexts();
    expect(more).toEqual([]);
    expect(opened).toContain("close-bridge opened: The API key lacks permission in Close");

    await setFaults({});
    await post(h, { email: "allowed@example.com" });
    await h.consume(h.sent.splice(0));
    expect(await allIncidents()).toMatchObject([{ id: incident?.id, status: "resolved" }]);
  });

  it("a key refused one kind of request (403 on notes) stays one open incident while deliveries that make no note go through, and resolves when a note is written", async () => {
    const h = harness();
    await setFaults({ error_rate: 1, error_status: 403, endpoints: ["POST /activity/note/"] });
    await post(h, { email: "with-note@example.com", message: "Call me" });
    await h.consume(h.sent.splice(0));
    expect(await allIncidents()).toMatchObject([
      { cause: "close_auth_failed", detail: "403 POST /activity/note/", status: "open" },
    ]);
    // Deliveries without a note succeed: they say nothing of notes, and the cron keeps it open.
    for (let i = 0; i < 3; i++) {
      await post(h, { email: `no-note-${i}@example.com` });
      await h.consume(h.sent.splice(0));
      await watchOnSchedule(h.env, Date.now());
    }
    await sendDueAlerts(h.env, Date.now());
    expect(await allIncidents()).toMatchObject([{ status: "open" }]);
    expect(await slackTexts()).toHaveLength(1);

    await setFaults({});
    await post(h, { email: "another-note@example.com", message: "Call me too" });
    await h.consume(h.sent.splice(0));
    expect(await allIncidents()).toMatchObject([{ status: "resolved" }]);
    await sendDueAlerts(h.env, Date.now());
    const texts = await slackTexts();
    expect(texts).toHaveLength(2);
    expect(texts[1]).toContain("resolved: The API key lacks permission in Close");
  });

  it("an open incident of an earlier version's bare 403 (no kind of request named) ends as a refused key does, at the next delivery Close answers", async () => {
    const h = harness();
    await recordIncident(
      env.DB,
      {
        cause: "close_auth_failed",
        source: null,
        detail: "403",
        summary: "Close answered 403.",
        fix: "Set a working key.",
      },
      Date.now(),
      alertTargetsOf(h.env),
    );
    expect(await allIncidents()).toMatchObject([{ detail: "403", status: "open" }]);
    await post(h, { email: "after-upgrade@example.com" });
    await h.consume(h.sent.splice(0));
    expect(await allIncidents()).toMatchObject([{ detail: "403", status: "resolved" }]);
  });

  it("a 403 no delivery disproves resolves after the quiet period", async () => {
    const h = harness();
    await setFaults({ error_rate: 1, error_status: 403, endpoints: ["POST /activity/note/"] });
    await post(h, { email: "quiet-note@example.com", message: "Call me" });
    await h.consume(h.sent.splice(0));
    await setFaults({});
    const checks = { probeClose: "never", remind: false, digest: false } as const;
    // (The submission still waits for its retry, so the backlog's own incidents open meanwhile.)
    const permissions = async () =>
      (await allIncidents()).filter((incident) => incident.cause === "close_auth_failed");
    await checkIncidents(h.env, Date.now() + 23 * HOUR, checks);
    expect(await permissions()).toMatchObject([{ status: "open" }]);
    await checkIncidents(h.env, Date.now() + 24 * HOUR + 60_000, checks);
    expect(await permissions()).toMatchObject([
      { status: "resolved", resolution: "Close refused no POST /activity/note/ in 24 hours" },
    ]);
  });

  it("GET /me/ answering 403 opens the permission incident, which GET /me/ may resolve (no delivery saw it)", async () => {
    const h = harness();
    await setFaults({ error_rate: 1, error_status: 403, endpoints: ["GET /me/"] });
    const during = await h.fetch("/v1/health?deep=1", { headers: ADMIN });
    expect(during.status).toBe(503);
    const body = (await during.json()) as { reasons: string[] };
    expect(body.reasons).toContain("open incident: The API key lacks permission in Close");
    expect(await allIncidents()).toMatchObject([
      { cause: "close_auth_failed", detail: "403 GET /me/", example_id: null, status: "open" },
    ]);
    await setFaults({});
    expect((await h.fetch("/v1/health?deep=1", { headers: ADMIN })).status).toBe(200);
    expect(await allIncidents()).toMatchObject([{ status: "resolved" }]);
  });
});

describe("in sync mode", () => {
  it("a refused key opens the incident in the request, and its alert goes out after the answer", async () => {
    const call = bridgeWith({
      SOURCES: { s: { preset: "json", allow_unprotected: true, mode: "sync" } },
    });
    await setFaults({ error_rate: 1, error_status: 401 });
    const response = await call("/v1/hooks/s", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: "sync@example.com" }),
    });
    // Sync mode hands what Close cannot take now to the queue: the sender gets 202.
    expect(response.status).toBe(202);
    // Recorded after the answer (waitUntil).
    const incidents = await waitUntil(async () => {
      const all = await allIncidents();
      return all.length > 0 ? all : undefined;
    });
    expect(incidents).toMatchObject([{ cause: "close_auth_failed", status: "open" }]);
    const texts = await waitUntil(async () => {
      const sent = await slackTexts();
      return sent.length > 0 ? sent : undefined;
    });
    expect(texts).toHaveLength(1);
    expect(texts[0]).toContain("close-bridge opened: Close refuses the API key");
  });
});

describe("the cron", () => {
  it("asks Close while it refuses the key, resolves the incident once it takes it, sends the alert and prunes the old", async () => {
    const now = Date.now();
    await observeDeliveryFailure(
      env,
      { source: "s", submissionId: "sub_1", error: refusedKey(), dead: false },
      { now: now - 31 * 86_400_000 },
    );
    await sendDueAlerts(env, now - 31 * 86_400_000);
    await observeDeliverySuccess(
      env,
      { source: "s", submissionId: "sub_2" },
      { now: now - 31 * 86_400_000 },
    );
    await sendDueAlerts(env, now - 31 * 86_400_000);
    await observeDeliveryFailure(
      env,
      {
        source: "s",
        submissionId: "sub_3",
        error: refusedKey(),
        dead: false,
      },
      { now },
    );
    expect(await outboxRows()).toHaveLength(6);

    await watchOnSchedule(env, now);
    const incidents = await allIncidents();
    // The month-old resolved incident and its sent alerts are gone; the new one is resolved.
    expect(incidents).toMatchObject([
      {
        example_id: "sub_3",
        status: "resolved",
        resolution: "Close accepts the key again (GET /me/)",
      },
    ]);
    expect((await outboxRows()).map((row) => `${row.kind}.${row.status}`).sort()).toEqual([
      "opened.sent",
      "opened.sent",
      "resolved.sent",
      "resolved.sent",
    ]);
  });
});

describe("Close refusing a mapped field", () => {
  const BAD_CONTACT_FIELD = "custom.cf_doesNotExist0000000000000000000000000000000";
  const BAD_LEAD_FIELD = "lead.custom.cf_doesNotExistEither000000000000000000000000";
  const mapping = {
    fields: { [BAD_CONTACT_FIELD]: "plan", [BAD_LEAD_FIELD]: "size", company: "company" },
  };

  it("groups refusals by source and Close's field, naming the field and the kind of refusal", async () => {
    const h = harness({ a: mapping, b: mapping });
    const first = await post(h, { email: "one@example.com", plan: "pro" }, "a");
    await post(h, { email: "two@example.com", plan: "team" }, "a");
    await post(h, { email: "three@example.com", size: "10", company: "Acme" }, "a");
    await post(h, { email: "four@example.com", plan: "pro" }, "b");
    await h.consume(h.sent.splice(0));

    const open = await allIncidents();
    expect(
      open
        .map((i) => ({ cause: i.cause, source: i.source, count: i.count }))
        .sort((x, y) => `${x.source}${x.count}`.localeCompare(`${y.source}${y.count}`)),
    ).toEqual([
      { cause: "close_rejected", source: "a", count: 1 },
      { cause: "close_rejected", source: "a", count: 2 },
      { cause: "close_rejected", source: "b", count: 1 },
    ]);
    const contactField = open.find((i) => i.source === "a" && i.count === 2);
    expect(contactField?.example_id).toBe(first.id);
    expect(contactField?.summary).toBe(
      `Close answered 400 to POST /contact/: it refused ${BAD_CONTACT_FIELD} (unknown field).`,
    );
    expect(contactField?.fix).toContain("[vars.SOURCES.a.fields]");
    expect(contactField?.fix).toContain("POST /v1/admin/replay?source=a");
    // A refused field is not also a "dead submissions" incident: one alert per problem.
    expect(open.every((i) => i.cause === "close_rejected")).toBe(true);
  });

  it("a delivery of the source without the refused field resolves nothing; the refused submission, delivered once the mapping is fixed, resolves its field's incident", async () => {
    const h = harness({ a: mapping });
    const refused = await post(h, { email: "one@example.com", plan: "pro" }, "a");
    await post(h, { email: "three@example.com", size: "10", company: "Acme" }, "a");
    await h.consume(h.sent.splice(0));
    expect((await allIncidents()).map((i) => i.status)).toEqual(["open", "open"]);

    await post(h, { email: "fine@example.com" }, "a");
    await h.consume(h.sent.splice(0));
    expect((await allIncidents()).map((i) => i.status)).toEqual(["open", "open"]);

    // The mapping is fixed (the bad contact field gone), and the refused submission replayed.
    const fixed = harness({ a: { fields: { [BAD_LEAD_FIELD]: "size", company: "company" } } });
    await replay(fixed, refused.id);
    await fixed.consume(fixed.sent.splice(0));
    expect((await loadSubmission(env.DB, refused.id))?.status).toBe("delivered");
    const after = await allIncidents();
    const contact = after.find((i) => i.detail === BAD_CONTACT_FIELD);
    const lead = after.find((i) => i.detail.includes("cf_doesNotExistEither"));
    expect(contact).toMatchObject({
      status: "resolved",
      resolution: `a delivery of a succeeded (${refused.id})`,
    });
    expect(lead?.status).toBe("open");
  });

  it("good and bad submissions in turn make one opened alert per channel and no resolved one", async () => {
    const h = harness({ a: mapping });
    for (let i = 0; i < 4; i++) {
      await post(h, { email: `bad${i}@example.com`, plan: "pro" }, "a");
      await h.consume(h.sent.splice(0));
      await post(h, { email: `good${i}@example.com` }, "a");
      await h.consume(h.sent.splice(0));
    }
    await sendDueAlerts(h.env, Date.now());
    expect(await allIncidents()).toMatchObject([
      { cause: "close_rejected", status: "open", count: 4 },
    ]);
    expect((await outboxRows()).map((row) => `${row.kind}.${row.channel}`).sort()).toEqual([
      "opened.slack",
      "opened.webhook",
    ]);
    expect(await webhookTypes()).toEqual(["incident.opened"]);
  });

  it("resolves on its own after rejected_quiet_hours without a refusal", async () => {
    const vars = { ...env, ALERTS: { ...ALERTS, rejected_quiet_hours: 6 } } as Env;
    const t0 = Date.UTC(2026, 10, 2, 9);
    const refusal = new CloseError("rejected", "Invalid", {
      status: 400,
      fieldErrors: { "custom.cf_x": "Unknown custom field." },
      request: "POST /contact/",
    });
    await observeDeliveryFailure(
      vars,
      { source: "website", submissionId: "sub_1", error: refusal, dead: true },
      { now: t0 },
    );
    const check = (at: number) =>
      checkIncidents(vars, at, { probeClose: "never", remind: false, digest: false });
    await check(t0 + 6 * HOUR - 60_000);
    expect((await allIncidents())[0]?.status).toBe("open");
    await check(t0 + 6 * HOUR);
    expect(await allIncidents()).toMatchObject([
      {
        status: "resolved",
        resolution: "Close refused no submission of website for these fields in 6 hours",
      },
    ]);
  });
});

describe("dead submissions", () => {
  it("open an incident per source, which resolves when none of the source's dead submissions is left", async () => {
    const h = harness({ s: { max_retries: 0 } });
    await setFaults({ error_rate: 1, error_status: 503 });
    const a = await post(h, { email: "a@example.com" });
    const b = await post(h, { email: "b@example.com" });
    await h.consume(h.sent.splice(0));
    expect(await allIncidents()).toMatchObject([
      { cause: "submissions_dead", source: "s", status: "open", count: 2 },
    ]);
    const [incident] = await allIncidents();
    expect(incident?.summary).toContain("Close answered 503");

    await setFaults({});
    await replay(h, a.id);
    await h.consume(h.sent.splice(0));
    expect((await allIncidents())[0]?.status).toBe("open");
    await replay(h, b.id);
    await h.consume(h.sent.splice(0));
    expect(await allIncidents()).toMatchObject([
      {
        status: "resolved",
        resolution: expect.stringContaining("no dead submission of s is left"),
      },
    ]);
  });
});

describe("a submission the queue gave up on", () => {
  it("opens the dead-submissions incident of its source", async () => {
    const h = harness();
    const { id } = await post(h, { email: "abandoned@example.com" });
    h.deadLetters.push({ id, turn: 0 });
    await h.consumeDeadLetters();
    expect((await loadSubmission(env.DB, id))?.status).toBe("dead");
    const [incident] = await allIncidents();
    expect(incident).toMatchObject({ cause: "submissions_dead", source: "s", example_id: id });
    expect(incident?.summary).toContain("delivery_interrupted: the queue stopped retrying");
  });
});

describe("the configuration", () => {
  it("opens an incident for a source whose secret is missing, naming the command, and resolves it once set", async () => {
    const sources = {
      s: { preset: "json", auth: { type: "token", secret: "S_TOKEN_FOR_TEST" } },
    };
    const broken = { ...env, SOURCES: sources } as Env;
    const t0 = Date.now();
    await checkIncidents(broken, t0, { probeClose: "never", remind: false, digest: false });
    const [incident] = await allIncidents();
    expect(incident).toMatchObject({ cause: "secret_missing", source: "s", status: "open" });
    expect(incident?.fix).toContain("wrangler secret put S_TOKEN_FOR_TEST");
    await checkIncidents(broken, t0 + 1000, { probeClose: "never", remind: false, digest: false });
    expect(await allIncidents()).toMatchObject([{ count: 2 }]);

    const fixed = { ...env, SOURCES: sources, S_TOKEN_FOR_TEST: "now-set" } as Env;
    await checkIncidents(fixed, t0 + 2000, { probeClose: "never", remind: false, digest: false });
    expect(await allIncidents()).toMatchObject([
      { status: "resolved", resolution: "the secret is set" },
    ]);
  });

  it("opens an incident for an invalid configuration, and resolves it once valid", async () => {
    const broken = { ...env, SOURCES: { s: { preset: "typo" } } } as Env;
    await checkIncidents(broken, Date.now(), { probeClose: "never", remind: false, digest: false });
    const [incident] = await allIncidents();
    expect(incident).toMatchObject({ cause: "config_invalid", source: "s", status: "open" });
    expect(incident?.summary).toContain("[vars.SOURCES.s] preset");
    await checkIncidents(env, Date.now(), { probeClose: "never", remind: false, digest: false });
    expect(await allIncidents()).toMatchObject([{ status: "resolved" }]);
  });
});

describe("the backlog", () => {
  it("opens incidents past the backlog and age thresholds, and resolves them once delivered", async () => {
    const h = harness(
      { s: {} },
      { ALERTS: { ...ALERTS, backlog: 2, oldest_undelivered_minutes: 30 } },
    );
    const first = await post(h, { email: "b1@example.com" });
    await post(h, { email: "b2@example.com" });
    const t0 = Date.now();
    await checkIncidents(h.env, t0, { probeClose: "never", remind: false, digest: false });
    expect(await allIncidents()).toEqual([]);

    await post(h, { email: "b3@example.com" });
    await checkIncidents(h.env, t0 + 31 * 60_000, {
      probeClose: "never",
      remind: false,
      digest: false,
    });
    const open = await allIncidents();
    expect(open.map((i) => i.cause).sort()).toEqual(["backlog", "oldest_undelivered"]);
    expect(open.find((i) => i.cause === "backlog")?.summary).toContain("3 submissions wait");
    expect(open.find((i) => i.cause === "oldest_undelivered")?.example_id).toBe(first.id);

    await h.consume(h.sent.splice(0));
    await checkIncidents(h.env, t0 + 32 * 60_000, {
      probeClose: "never",
      remind: false,
      digest: false,
    });
    expect((await allIncidents()).map((i) => i.status)).toEqual(["resolved", "resolved"]);
  });
});

describe("the backlog near its threshold", () => {
  it("stays open until the backlog is under half the threshold, so it does not flap", async () => {
    const vars = { ...env, ALERTS: { ...ALERTS, backlog: 4 } } as Env;
    const now = Date.now();
    const insert = (n: number) =>
      env.DB.batch(
        Array.from({ length: n }, (_, i) =>
          env.DB.prepare(
            `INSERT INTO submissions (id, source, mode, received_at, status, attempts, max_retries, updated_at)
             VALUES (?1, 'website', 'queue', ?2, 'queued', 0, 10, ?2)`,
          ).bind(`sub_BACKLOG${String(i).padStart(3, "0")}`, now),
        ),
      );
    const keep = (n: number) =>
      env.DB.prepare(
        "DELETE FROM submissions WHERE id NOT IN (SELECT id FROM submissions ORDER BY id LIMIT ?)",
      )
        .bind(n)
        .run();
    const check = () =>
      checkIncidents(vars, Date.now(), { probeClose: "never", remind: false, digest: false });
    await insert(5);
    await check();
    expect(await allIncidents()).toMatchObject([{ cause: "backlog", status: "open" }]);
    // At the threshold and just under it: still open (it would flap at every check otherwise).
    for (const waiting of [4, 3]) {
      await keep(waiting);
      await check();
    }
    expect(await allIncidents()).toMatchObject([{ cause: "backlog", status: "open" }]);
    await keep(2);
    await check();
    expect(await allIncidents()).toMatchObject([
      { status: "resolved", resolution: "the backlog is down to 2 (under half the threshold)" },
    ]);
    expect((await outboxRows()).map((row) => row.kind).sort()).toEqual([
      "opened",
      "opened",
      "resolved",
      "resolved",
    ]);
  });
});

describe("a source removed from the configuration", () => {
  it("has its open incidents resolved, saying so", async () => {
    const refusal = new CloseError("rejected", "Invalid", {
      status: 400,
      fieldErrors: { "custom.cf_x": "Unknown custom field." },
      request: "POST /contact/",
    });
    await observeDeliveryFailure(env, {
      source: "retired",
      submissionId: "sub_1",
      error: refusal,
      dead: true,
    });
    // Seen a moment ago, the incident stays open (an isolate of the previous version may still
    // have the source); once it has been quiet for a while, it resolves.
    const checks = { probeClose: "never", remind: false, digest: false } as const;
    await checkIncidents(env, Date.now() + REMOVED_SOURCE_QUIET_MS - 60_000, checks);
    expect(await allIncidents()).toMatchObject([{ source: "retired", status: "open" }]);
    await checkIncidents(env, Date.now() + REMOVED_SOURCE_QUIET_MS, checks);
    expect(await allIncidents()).toMatchObject([
      {
        source: "retired",
        status: "resolved",
        resolution: "the source retired was removed from the configuration",
      },
    ]);
    await sendDueAlerts(env, Date.now() + REMOVED_SOURCE_QUIET_MS);
    expect(await webhookTypes()).toEqual(["incident.opened", "incident.resolved"]);
  });
});

describe("ingest refusing requests for the configuration", () => {
  it("opens the missing-secret incident at once, and announces it, without waiting for the cron", async () => {
    const h = harness({
      t: { auth: { type: "token", secret: "UNSET_TOKEN_FOR_TEST" }, allow_unprotected: false },
    });
    const response = await h.fetch("/v1/hooks/t", {
      method: "POST",
      headers: { "content-type": "application/json", authorization: "Bearer x" },
      body: JSON.stringify({ email: "x@example.com" }),
    });
    expect(response.status).toBe(503);
    const [incident] = await waitUntil(async () => {
      const all = await allIncidents();
      return all.length > 0 ? all : undefined;
    });
    expect(incident).toMatchObject({ cause: "secret_missing", source: "t", status: "open" });
    expect(incident?.fix).toContain("wrangler secret put UNSET_TOKEN_FOR_TEST");
    const texts = await waitUntil(async () => {
      const sent = await slackTexts();
      return sent.length > 0 ? sent : undefined;
    });
    expect(texts[0]).toContain("close-bridge opened: A secret is missing (source t)");
  });
});

describe("a slow D1", () => {
  it("does not hold up a sync answer: incident bookkeeping runs after it", async () => {
    let release = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const h = harness({ s: { mode: "sync" } });
    (h.env as unknown as { DB: D1Database }).DB = slowIncidentWrites(env.DB, gate);
    await setFaults({ error_rate: 1, error_status: 401 });
    try {
      const answer = h.fetch("/v1/hooks/s", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ email: "slow@example.com" }),
      });
      const stalled = new Promise<"stalled">((resolve) =>
        setTimeout(() => resolve("stalled"), 10_000),
      );
      const first = await Promise.race([answer, stalled]);
      expect(first === "stalled" ? first : first.status).toBe(202);
      expect(await allIncidents()).toEqual([]);
    } finally {
      release();
    }
    const incidents = await waitUntil(async () => {
      const all = await allIncidents();
      return all.length > 0 ? all : undefined;
    });
    expect(incidents).toMatchObject([{ cause: "close_auth_failed", status: "open" }]);
  });
});

describe("successful deliveries", () => {
  it("read the open incidents once per isolate and interval, not once each; a change by this isolate is read again", async () => {
    const reads: string[] = [];
    const counting = new Proxy(env.DB, {
      get(target, property) {
        if (property === "prepare") {
          return (sql: string) => {
            if (/FROM incidents WHERE status = 'open'/.test(sql)) reads.push(sql);
            return target.prepare(sql);
          };
        }
        const value = Reflect.get(target, property);
        return typeof value === "function" ? value.bind(target) : value;
      },
    });
    const vars = { ...env, DB: counting } as Env;
    for (let i = 0; i < 5; i++) {
      await observeDeliverySuccess(vars, { source: "website", submissionId: `sub_ok${i}` });
    }
    expect(reads).toHaveLength(1);
    await observeDeliveryFailure(vars, {
      source: "website",
      submissionId: "sub_bad",
      error: refusedKey(),
      dead: false,
    });
    await observeDeliverySuccess(vars, { source: "website", submissionId: "sub_ok5" });
    expect(reads).toHaveLength(2);
    expect(await allIncidents()).toMatchObject([{ status: "resolved" }]);
  });

  it("that a delivery missed (its isolate had not read the incident yet) are found by the checks", async () => {
    const t0 = Date.now() - 60_000;
    await observeDeliveryFailure(
      env,
      { source: "website", submissionId: "sub_bad", error: refusedKey(), dead: false },
      { now: t0 },
    );
    await env.DB.batch([
      env.DB.prepare(
        `INSERT INTO submissions (id, source, mode, received_at, status, outcome, attempts, max_retries, updated_at)
         VALUES ('sub_LATER', 'website', 'queue', ?1, 'delivered', 'created', 1, 10, ?1)`,
      ).bind(t0 + 1000),
      env.DB.prepare(
        `INSERT INTO delivery_attempts (submission_id, attempt, mode, started_at, finished_at, result, requests)
         VALUES ('sub_LATER', 1, 'queue', ?1, ?1, 'created', '[]')`,
      ).bind(t0 + 1000),
    ]);
    await checkIncidents(env, Date.now(), { probeClose: "never", remind: false, digest: false });
    expect(await allIncidents()).toMatchObject([
      { status: "resolved", resolution: "a delivery succeeded (sub_LATER)" },
    ]);
  });
});

/** D1 whose statements on incidents and alerts wait for `gate` (any other answers at once). */
function slowIncidentWrites(db: D1Database, gate: Promise<void>): D1Database {
  const slow = new WeakSet<object>();
  const mark = (statement: D1PreparedStatement, sql: string) => {
    if (!/incidents|alert_outbox/.test(sql)) return statement;
    slow.add(statement);
    const bind = statement.bind.bind(statement);
    statement.bind = (...values: unknown[]) => mark(bind(...values), sql);
    for (const method of ["first", "all", "run", "raw"] as const) {
      const original = (statement[method] as (...a: unknown[]) => Promise<unknown>).bind(statement);
      (statement as unknown as Record<string, unknown>)[method] = async (...args: unknown[]) => {
        await gate;
        return original(...args);
      };
    }
    return statement;
  };
  return new Proxy(db, {
    get(target, property) {
      if (property === "prepare") return (sql: string) => mark(target.prepare(sql), sql);
      if (property === "batch") {
        return async (statements: D1PreparedStatement[]) => {
          if (statements.some((s) => slow.has(s))) await gate;
          return target.batch(statements);
        };
      }
      const value = Reflect.get(target, property);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

describe("refused signatures", () => {
  const source = {
    name: "typeform",
    auth: {
      type: "hmac" as const,
      secret: "TYPEFORM_SECRET",
      algorithm: "sha256" as const,
      header: "x-sig",
      encoding: "hex" as const,
      prefix: "",
      signed: "body" as const,
      timestamp_unit: "s" as const,
      separator: ".",
      tolerance_s: 300,
    },
  } as unknown as Parameters<typeof observeSignatureFailure>[1];

  it("a spike on one source opens an incident naming the secret, which resolves once they stop", async () => {
    const vars = {
      ...env,
      ALERTS: { ...ALERTS, signature_failures: 4, signature_window_minutes: 10 },
    } as Env;
    const t0 = Date.UTC(2026, 10, 2, 10);
    // Refused requests close together are gathered and written together, every one counted.
    const deferred: Promise<unknown>[] = [];
    for (const at of [0, 100, 200, 300]) {
      observeSignatureFailure(vars, source, t0 + at, (work) => deferred.push(work));
    }
    expect(deferred).toHaveLength(1);
    await Promise.all(deferred);
    const row = await env.DB.prepare("SELECT SUM(count) AS n FROM signature_failures").first<{
      n: number;
    }>();
    expect(row?.n).toBe(4);
    const [incident] = await allIncidents();
    expect(incident).toMatchObject({
      cause: "signature_failures",
      source: "typeform",
      status: "open",
      count: 4,
    });
    expect(incident?.fix).toContain("wrangler secret put TYPEFORM_SECRET");

    await checkIncidents(vars, t0 + 5 * 60_000, {
      probeClose: "never",
      remind: false,
      digest: false,
    });
    expect((await allIncidents())[0]?.status).toBe("open");
    await checkIncidents(vars, t0 + 11 * 60_000, {
      probeClose: "never",
      remind: false,
      digest: false,
    });
    expect((await allIncidents())[0]?.status).toBe("resolved");
  });

  it("a burst of 30 refused requests within a second counts 30 and opens the incident", async () => {
    const h = harness({
      t: { auth: { type: "token", secret: "ZAPIER_TOKEN" }, allow_unprotected: false },
    });
    const refused = await Promise.all(
      Array.from({ length: 30 }, () =>
        h.fetch("/v1/hooks/t", {
          method: "POST",
          headers: { "content-type": "application/json", authorization: "Bearer wrong" },
          body: JSON.stringify({ email: "x@example.com" }),
        }),
      ),
    );
    expect(refused.map((response) => response.status)).toEqual(Array(30).fill(401));
    const incident = await waitUntil(async () => {
      const [open] = await allIncidents();
      return open?.count === 30 ? open : undefined;
    });
    expect(incident).toMatchObject({ cause: "signature_failures", source: "t", status: "open" });
    expect(await waitForCount("t")).toBe(30);
  });

  it("a request with a bad token is counted for its source", async () => {
    const h = harness({
      t: { auth: { type: "token", secret: "ZAPIER_TOKEN" }, allow_unprotected: false },
    });
    const response = await h.fetch("/v1/hooks/t", {
      method: "POST",
      headers: { "content-type": "application/json", authorization: "Bearer wrong" },
      body: JSON.stringify({ email: "x@example.com" }),
    });
    expect(response.status).toBe(401);
    const row = await waitForCount("t");
    expect(row).toBe(1);
  });
});

/** The refused requests counted for a source, once written. */
async function waitForCount(source: string): Promise<number> {
  for (let i = 0; i < 100; i++) {
    const row = await env.DB.prepare(
      "SELECT SUM(count) AS n FROM signature_failures WHERE source = ?",
    )
      .bind(source)
      .first<{ n: number | null }>();
    if (row?.n) return row.n;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return 0;
}

describe("reminders", () => {
  it("recall an open incident at most every remind_after hours", async () => {
    const t0 = Date.UTC(2026, 10, 2, 9);
    await observeDeliveryFailure(
      env,
      { source: "s", submissionId: "sub_1", error: refusedKey(), dead: false },
      { now: t0 },
    );
    const remind = (at: number) =>
      checkIncidents(env, at, { probeClose: "never", remind: true, digest: false });
    const reminders = async () =>
      (await outboxRows()).filter((row) => row.kind === "reminder").length;

    await remind(t0 + 24 * HOUR - 60_000);
    expect(await reminders()).toBe(0);
    await remind(t0 + 24 * HOUR);
    expect(await reminders()).toBe(2); // one per channel
    await remind(t0 + 24 * HOUR + 60_000);
    await remind(t0 + 47 * HOUR);
    expect(await reminders()).toBe(2);
    await remind(t0 + 48 * HOUR);
    expect(await reminders()).toBe(4);

    await sendDueAlerts(env, t0 + 48 * HOUR);
    const texts = await slackTexts();
    expect(
      texts.filter((text) => text.includes("close-bridge still open: Close refuses the API key")),
    ).toHaveLength(2);
  });

  it("follow the configured remind_after", async () => {
    const vars = { ...env, ALERTS: { ...ALERTS, remind_after: 2 } } as Env;
    const t0 = Date.UTC(2026, 10, 2, 9);
    await observeDeliveryFailure(
      vars,
      { source: "s", submissionId: "sub_1", error: refusedKey(), dead: false },
      { now: t0 },
    );
    await checkIncidents(vars, t0 + 2 * HOUR, { probeClose: "never", remind: true, digest: false });
    expect((await outboxRows()).filter((row) => row.kind === "reminder")).toHaveLength(2);
  });
});

describe("a failing alert channel", () => {
  it("never fails the delivery; the alert is retried until the channel takes it", async () => {
    const h = harness();
    await setFaults({ error_rate: 1, error_status: 401 });
    const { id } = await post(h, { email: "fails@example.com" });
    await h.consume(h.sent.splice(0));
    await sendDueAlerts(h.env, Date.now());

    await failAlertSinks(503);
    await setFaults({});
    await replay(h, id);
    const { acked } = await h.consume(h.sent.splice(0));
    expect(acked).toEqual([id]);
    expect((await loadSubmission(env.DB, id))?.status).toBe("delivered");

    const t0 = Date.now();
    await sendDueAlerts(h.env, t0);
    const resolved = (await outboxRows())
      .filter((row) => row.kind === "resolved")
      .sort((x, y) => x.channel.localeCompare(y.channel));
    expect(resolved).toMatchObject(
      ["slack", "webhook"].map((channel) => ({
        channel,
        status: "pending",
        attempts: 1,
        last_error: `${channel} answered 503`,
        next_attempt_at: t0 + 30_000,
      })),
    );

    await failAlertSinks(undefined);
    await sendDueAlerts(h.env, t0 + 10_000);
    expect(
      (await outboxRows()).filter((row) => row.kind === "resolved" && row.status === "sent"),
    ).toEqual([]);
    await sendDueAlerts(h.env, t0 + 30_000);
    expect(
      (await outboxRows()).filter((row) => row.kind === "resolved").map((row) => row.status),
    ).toEqual(["sent", "sent"]);
    const received = (await simAlerts()).filter((alert) => alert.channel === "slack");
    expect(received.map((alert) => alert.status)).toEqual([200, 503, 200]);
  });

  it("a delivery succeeds even when the incident log cannot be written", async () => {
    const h = harness();
    const broken = new Proxy(env.DB, {
      get(target, property) {
        if (property === "prepare") {
          return (sql: string) => {
            if (/incidents|alert_outbox/.test(sql)) throw new Error("no such table: incidents");
            return target.prepare(sql);
          };
        }
        const value = Reflect.get(target, property);
        return typeof value === "function" ? value.bind(target) : value;
      },
    });
    (h.env as unknown as { DB: D1Database }).DB = broken;
    await setFaults({ fail_next: 1, error_status: 401 });
    const { id } = await post(h, { email: "resilient@example.com" });
    const first = await h.consume(h.sent.splice(0));
    expect(first.later.map((r) => r.id)).toEqual([id]);
    expect((await loadSubmission(env.DB, id))?.status).toBe("retrying");
    h.sent.splice(0);
    await replay(h, id);
    const second = await h.consume(h.sent.splice(0));
    expect(second.acked).toEqual([id]);
    expect((await loadSubmission(env.DB, id))?.status).toBe("delivered");
  });
});
