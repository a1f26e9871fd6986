// The ways a submission could be lost or doubled that a review of the delivery path found, each
// shown not to happen: retention, an invalid configuration, a stale dead letter, a replay during
// a delivery, a log write failing after Close succeeded.
import { env } from "cloudflare:workers";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { sweepSubmissions } from "../../src/deliver/sweep.ts";
import { loadSubmission, requeueSubmission, startDelivery } from "../../src/store/submissions.ts";
import { bridgeWith } from "../helpers/bridge.ts";
import { queueHarness } from "../helpers/queue.ts";
import { resetWorld } from "../helpers/reset.ts";
import { setFaults, simContacts, simNotes, simRequests } from "../helpers/sim.ts";

beforeEach(resetWorld);
afterEach(() => {
  vi.restoreAllMocks();
});

const TOKEN = "admin-test-token-0123456789";
const ADMIN = { authorization: `Bearer ${TOKEN}` };
const SOURCE = { preset: "json", allow_unprotected: true, dedupe_key: "event" };
const DAY = 86_400_000;

function harness(vars: Record<string, unknown> = {}, source: Record<string, unknown> = {}) {
  return queueHarness({ SOURCES: { s: { ...SOURCE, ...source } }, ADMIN_TOKEN: TOKEN, ...vars });
}

async function post(h: { fetch: ReturnType<typeof queueHarness>["fetch"] }, email: string) {
  const response = await h.fetch("/v1/hooks/s", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email, message: "hello" }),
  });
  return ((await response.json()) as { id: string }).id;
}

const writesToClose = async () =>
  (await simRequests()).filter((r) => r.method !== "GET" && r.path !== "/api/v1/data/search/");

/** Makes the submission look `days` old. */
async function age(id: string, days: number) {
  await env.DB.prepare("UPDATE submissions SET received_at = ? WHERE id = ?")
    .bind(Date.now() - days * DAY, id)
    .run();
}

async function setStatus(id: string, status: string, leaseUntil: number | null = null) {
  await env.DB.prepare("UPDATE submissions SET status = ?, lease_until = ? WHERE id = ?")
    .bind(status, leaseUntil, id)
    .run();
}

/** The log's database, with the statements matching `sql` failing the next `times` runs. */
function failingDb(sql: RegExp, times = Number.POSITIVE_INFINITY): D1Database {
  let failures = 0;
  const failing = (statement: D1PreparedStatement): D1PreparedStatement =>
    new Proxy(statement, {
      get(target, key) {
        if (key === "bind") {
          return (...values: unknown[]) => failing(target.bind(...values));
        }
        if ((key === "run" || key === "first" || key === "all") && failures < times) {
          return async () => {
            failures += 1;
            throw new Error("D1_ERROR: Network connection lost.");
          };
        }
        const value = Reflect.get(target, key);
        return typeof value === "function" ? value.bind(target) : value;
      },
    });
  return new Proxy(env.DB, {
    get(target, key) {
      if (key === "prepare") {
        return (query: string) => {
          const statement = target.prepare(query);
          return sql.test(query) ? failing(statement) : statement;
        };
      }
      const value = Reflect.get(target, key);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

/** The statement that records a finished delivery. */
const FINISH = /SET status = \?2, outcome = \?3/;

describe("retention removes only finished submissions", () => {
  it("keeps a dead submission older than any retention period, listed with its draft, after the scheduled sweep", async () => {
    const h = harness({ RETENTION_DAYS: "1" });
    const id = await post(h, "dead@example.com");
    await setStatus(id, "dead");
    await age(id, 3650);
    await sweepSubmissions(h.env, Date.now());
    const response = await h.fetch("/v1/admin/submissions?status=dead", { headers: ADMIN });
    const listed = (await response.json()) as { data: { id: string }[] };
    expect(listed.data.map((row) => row.id)).toContain(id);
    expect((await loadSubmission(env.DB, id))?.draft).not.toBeNull();
  });

  it.each(["queued", "retrying", "delivering"])(
    "never deletes a %s submission, however old",
    async (status) => {
      const h = harness({ RETENTION_DAYS: "1" });
      const id = await post(h, `${status}@example.com`);
      await setStatus(id, status, status === "delivering" ? Date.now() - 1 : null);
      await age(id, 3650);
      await sweepSubmissions(h.env, Date.now());
      expect(await loadSubmission(env.DB, id)).toMatchObject({ status });
      expect((await loadSubmission(env.DB, id))?.draft).not.toBeNull();
      await setStatus(id, "dead");
    },
  );

  it("lets an admin delete a dead submission, logging who and what without personal data", async () => {
    const h = harness();
    const id = await post(h, "erase-me@example.com");
    await setStatus(id, "dead");
    const logs = vi.spyOn(console, "warn");
    const response = await h.fetch(`/v1/admin/submissions/${id}`, {
      method: "DELETE",
      headers: ADMIN,
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ id, deleted: true, status: "dead" });
    expect(await loadSubmission(env.DB, id)).toBeUndefined();
    const lines = logs.mock.calls.map((args) => args.map(String).join(" "));
    const audit = lines.filter((line) => line.includes('"admin.delete"'));
    expect(audit).toHaveLength(1);
    expect(audit[0]).toContain(id);
    expect(audit[0]).not.toContain("erase-me");
    const again = await h.fetch(`/v1/admin/submissions/${id}`, {
      method: "DELETE",
      headers: ADMIN,
    });
    expect(again.status).toBe(404);
  });

  it("refuses to delete a submission a delivery holds right now", async () => {
    const h = harness();
    const id = await post(h, "busy@example.com");
    await startDelivery(env.DB, id, Date.now());
    const response = await h.fetch(`/v1/admin/submissions/${id}`, {
      method: "DELETE",
      headers: ADMIN,
    });
    expect(response.status).toBe(409);
    expect(await loadSubmission(env.DB, id)).toMatchObject({ status: "delivering" });
    await setStatus(id, "dead");
  });
});

describe("an invalid configuration", () => {
  it("leaves every submission queued however long it lasts, and they are delivered once it is fixed", async () => {
    const good = harness();
    const id = await post(good, "patient@example.com");
    // The deployed configuration breaks (here: a secret it names is gone).
    const broken = harness({ CLOSE_API_KEY: "" });
    for (let run = 1; run <= 3; run++) {
      const { acked, retried, later } = await broken.consume([{ id, turn: 0 }], run * 40);
      // Acknowledged, not retried: the queue's own retries are never used up, so nothing ends in
      // the dead-letter queue however many hours the configuration stays broken.
      expect(acked).toEqual([id]);
      expect(retried).toEqual([]);
      expect(later).toEqual([]);
    }
    expect(await loadSubmission(env.DB, id)).toMatchObject({ status: "queued", attempts: 0 });
    expect(await simRequests()).toEqual([]);

    // Fixed: the next scheduled sweep sends it again, and it is delivered.
    await sweepSubmissions(good.env, Date.now() + 16 * 60_000);
    expect(good.sent).toContainEqual({ id, turn: 0 });
    await good.drain();
    expect(await loadSubmission(env.DB, id)).toMatchObject({ status: "delivered" });
    expect(await simContacts()).toHaveLength(1);
  });

  it("keeps a submission whose source is no longer configured queued, untried, until the source is back", async () => {
    const good = harness();
    const id = await post(good, "orphan@example.com");
    const without = queueHarness({ SOURCES: { other: SOURCE }, ADMIN_TOKEN: TOKEN });
    const { acked } = await without.consume([{ id, turn: 0 }]);
    expect(acked).toEqual([id]);
    expect(await loadSubmission(env.DB, id)).toMatchObject({
      status: "queued",
      attempts: 0,
      last_error_code: "config_invalid",
    });
    await sweepSubmissions(good.env, Date.now() + 16 * 60_000);
    await good.drain();
    expect(await loadSubmission(env.DB, id)).toMatchObject({ status: "delivered" });
  });
});

describe("the dead-letter queue", () => {
  it("does not kill a submission whose real retry is pending when an older duplicate message runs out of queue retries", async () => {
    const h = harness();
    const id = await post(h, "pending@example.com");
    // The first attempt fails; its retry (turn 1) is scheduled for a little later.
    await setFaults({ fail_next: 3, error_status: 503 });
    const first = await h.consume([{ id, turn: 0 }]);
    expect(first.later).toEqual([{ id, turn: 1, delaySeconds: expect.any(Number) }]);
    // A duplicate of the first message (turn 0) ran out of the queue's retries meanwhile.
    h.deadLetters.push({ id, turn: 0 });
    const result = await h.consumeDeadLetters();
    expect(result.explicitAcks).toHaveLength(1);
    expect(await loadSubmission(env.DB, id)).toMatchObject({ status: "retrying", turn: 1 });
    // The real retry then delivers it.
    await env.DB.prepare("UPDATE submissions SET next_attempt_at = ? WHERE id = ?")
      .bind(Date.now() - 1, id)
      .run();
    expect((await h.consume([{ id, turn: 1 }])).acked).toEqual([id]);
    expect(await loadSubmission(env.DB, id)).toMatchObject({ status: "delivered" });
  });

  it("marks dead a submission whose current message the queue gave up on", async () => {
    const h = harness();
    const id = await post(h, "poison@example.com");
    h.deadLetters.push({ id, turn: 0 });
    await h.consumeDeadLetters();
    expect(await loadSubmission(env.DB, id)).toMatchObject({
      status: "dead",
      last_error_code: "delivery_interrupted",
    });
  });
});

describe("a replay during a delivery", () => {
  it("is refused in one statement while the delivery holds its lease (single and bulk)", async () => {
    const h = harness();
    const id = await post(h, "racing@example.com");
    await env.DB.prepare("UPDATE submissions SET status = 'retrying' WHERE id = ?").bind(id).run();
    // The admin listed it as retrying; before the replay's write, a delivery takes it.
    await startDelivery(env.DB, id, Date.now());
    expect(await requeueSubmission(env.DB, id, Date.now())).toBeUndefined();
    expect(await requeueSubmission(env.DB, id, Date.now(), { status: "retrying" })).toBeUndefined();
    expect(await loadSubmission(env.DB, id)).toMatchObject({ status: "delivering", attempts: 1 });
    await setStatus(id, "dead");
  });

  it("leaves one delivery running: one contact and one note", async () => {
    const h = harness();
    const id = await post(h, "once@example.com");
    await setFaults({ latency_ms: 150 });
    const delivering = h.consume([{ id, turn: 0 }]);
    await vi.waitUntil(async () => (await loadSubmission(env.DB, id))?.status === "delivering");
    const replay = await h.fetch(`/v1/admin/submissions/${id}/replay`, {
      method: "POST",
      headers: ADMIN,
    });
    expect(replay.status).toBe(409);
    await delivering;
    await h.drain();
    expect(await simContacts()).toHaveLength(1);
    expect(await simNotes()).toHaveLength(1);
  });
});

describe("a failed log write after Close succeeded", () => {
  it("is not a failed attempt: the write is tried again and the delivery ends delivered, once", async () => {
    const h = harness({ DB: failingDb(FINISH, 1) });
    const id = await post(h, "flaky-log@example.com");
    const { acked, later, retried } = await h.consume([{ id, turn: 0 }]);
    expect(acked).toEqual([id]);
    expect(later).toEqual([]);
    expect(retried).toEqual([]);
    expect(await loadSubmission(env.DB, id)).toMatchObject({
      status: "delivered",
      attempts: 1,
      last_error_code: null,
    });
    expect(await simNotes()).toHaveLength(1);
  });

  it("never sends Close's writes again when the log stays down: the next delivery finds them", async () => {
    const h = harness({ DB: failingDb(FINISH) });
    const id = await post(h, "down-log@example.com");
    const first = await h.consume([{ id, turn: 0 }]);
    // The submission keeps its lease; the message comes back when it ends.
    expect(first.retried).toEqual([{ id, delaySeconds: expect.any(Number) }]);
    const writes = (await writesToClose()).length;
    // The log is back and the lease has ended.
    await env.DB.prepare("UPDATE submissions SET lease_until = ? WHERE id = ?")
      .bind(Date.now() - 1, id)
      .run();
    const healthy = harness();
    expect((await healthy.consume([{ id, turn: 0 }], 2)).acked).toEqual([id]);
    expect(await loadSubmission(env.DB, id)).toMatchObject({ status: "delivered" });
    expect((await writesToClose()).length).toBe(writes);
    expect(await simContacts()).toHaveLength(1);
    expect(await simNotes()).toHaveLength(1);
  });

  it("in sync mode answers the sender what Close did, so the sender sends nothing again", async () => {
    const send = bridgeWith({
      SOURCES: { s: { ...SOURCE, mode: "sync" } },
      DB: failingDb(FINISH),
    });
    const response = await send("/v1/hooks/s", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: "sync-log@example.com", message: "hello" }),
    });
    expect(response.status).toBe(201);
    const answer = (await response.json()) as { id: string; contact_id: string; status: string };
    expect(answer).toMatchObject({
      status: "created",
      contact_id: expect.stringMatching(/^cont_/),
    });
    expect(await simNotes()).toHaveLength(1);
    // When the row's lease ends, the sweep hands it to the queue, which writes nothing twice.
    const writes = (await writesToClose()).length;
    await env.DB.prepare("UPDATE submissions SET lease_until = ? WHERE id = ?")
      .bind(Date.now() - 1, answer.id)
      .run();
    const h = harness({}, { mode: "sync" });
    await sweepSubmissions(h.env, Date.now());
    expect(h.sent).toContainEqual({ id: answer.id, turn: 0 });
    await h.drain();
    expect(await loadSubmission(env.DB, answer.id)).toMatchObject({ status: "delivered" });
    expect((await writesToClose()).length).toBe(writes);
    expect(await simNotes()).toHaveLength(1);
  });
});
