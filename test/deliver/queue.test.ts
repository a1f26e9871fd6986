import { env } from "cloudflare:workers";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { requireConfig } from "../../src/config/load.ts";
import { connectClose } from "../../src/deliver/connect.ts";
import { upsertSubmission } from "../../src/deliver/upsert.ts";
import {
  finishDelivery,
  loadSubmission,
  progressOf,
  startDelivery,
} from "../../src/store/submissions.ts";
import { queueHarness } from "../helpers/queue.ts";
import { resetWorld } from "../helpers/reset.ts";
import { setFaults, simContacts, simNotes, simRequests } from "../helpers/sim.ts";
import { waitUntil } from "../helpers/wait.ts";

beforeEach(resetWorld);
afterEach(() => {
  vi.restoreAllMocks();
});

const JSON_HEADERS = { "content-type": "application/json" };

function harness(options: Record<string, unknown> = {}, vars: Record<string, unknown> = {}) {
  return queueHarness({
    SOURCES: { s: { preset: "json", allow_unprotected: true, dedupe_key: "event", ...options } },
    ...vars,
  });
}

async function post(
  h: ReturnType<typeof harness>,
  body: Record<string, unknown>,
  headers: Record<string, string> = {},
) {
  const response = await h.fetch("/v1/hooks/s", {
    method: "POST",
    headers: { ...JSON_HEADERS, ...headers },
    body: JSON.stringify(body),
  });
  return { response, answer: (await response.json()) as { id: string; status: string } };
}

const statusOf = async (id: string) => (await loadSubmission(env.DB, id))?.status;

/** Lets a submission's next attempt come due now, as if its delay had passed. */
async function passTime(id: string) {
  await env.DB.prepare("UPDATE submissions SET next_attempt_at = ? WHERE id = ?")
    .bind(Date.now() - 1, id)
    .run();
}

describe("ingest in queue mode", () => {
  it("answers 202 queued, stores the submission and sends only its id, without calling Close", async () => {
    const h = harness();
    const { response, answer } = await post(h, { email: "ada@example.com", name: "Ada" });
    expect(response.status).toBe(202);
    expect(answer).toEqual({ id: expect.stringMatching(/^sub_/), status: "queued" });
    expect(h.sent).toEqual([{ id: answer.id, turn: 0 }]);
    expect(await simRequests()).toEqual([]);
    const stored = await loadSubmission(env.DB, answer.id);
    expect(stored).toMatchObject({ status: "queued", source: "s", attempts: 0, mode: "queue" });
    expect(stored?.draft?.emails).toEqual([{ email: "ada@example.com", type: "office" }]);
  });

  it("still refuses a bad submission at once, storing nothing", async () => {
    const h = harness();
    const { response } = await post(h, { name: "no way to reach me" });
    expect(response.status).toBe(422);
    expect(h.sent).toEqual([]);
    const count = () =>
      env.DB.prepare("SELECT COUNT(*) AS n FROM submissions").first<{ n: number }>();
    const before = await count();
    await post(h, { name: "still nothing" });
    expect(await count()).toEqual(before);
  });
});

describe("idempotency", () => {
  it("answers a repeated Idempotency-Key with the first submission and enqueues nothing", async () => {
    const h = harness();
    const first = await post(h, { email: "ada@example.com" }, { "idempotency-key": "order-42" });
    const again = await post(h, { email: "ada@example.com" }, { "idempotency-key": "order-42" });
    expect(again.response.status).toBe(200);
    expect(again.response.headers.get("idempotent-replayed")).toBe("true");
    expect(again.answer).toEqual({ id: first.answer.id, status: "queued" });
    expect(h.sent).toEqual([{ id: first.answer.id, turn: 0 }]);
  });

  it("makes one submission of concurrent deliveries with one key", async () => {
    const h = harness();
    const results = await Promise.all(
      Array.from({ length: 8 }, () =>
        post(h, { email: "ada@example.com" }, { "idempotency-key": "same" }),
      ),
    );
    const ids = new Set(results.map((r) => r.answer.id));
    expect(ids.size).toBe(1);
    expect(results.filter((r) => r.response.status === 202)).toHaveLength(1);
    expect(h.sent).toHaveLength(1);
  });

  it("uses the sender's event id (dedupe_key) the same way", async () => {
    const h = harness();
    const first = await post(h, { event: "evt_1", email: "ada@example.com" });
    const again = await post(h, { event: "evt_1", email: "ada@example.com" });
    expect(again.answer.id).toBe(first.answer.id);
    const other = await post(h, { event: "evt_2", email: "ada@example.com" });
    expect(other.answer.id).not.toBe(first.answer.id);
  });

  it("treats identical bodies without a key as distinct submissions", async () => {
    const h = harness();
    const a = await post(h, { email: "ada@example.com" });
    const b = await post(h, { email: "ada@example.com" });
    expect(a.answer.id).not.toBe(b.answer.id);
  });

  it("treats identical bodies as one within dedupe_window_s, and as two after it", async () => {
    const h = harness({ dedupe_window_s: 60 });
    const a = await post(h, { email: "ada@example.com" });
    const b = await post(h, { email: "ada@example.com" });
    expect(b.answer.id).toBe(a.answer.id);
    await env.DB.prepare("UPDATE submissions SET received_at = received_at - 61000 WHERE id = ?")
      .bind(a.answer.id)
      .run();
    const c = await post(h, { email: "ada@example.com" });
    expect(c.answer.id).not.toBe(a.answer.id);
    expect(c.response.status).toBe(202);
  });
});

describe("the consumer", () => {
  it("moves the log through queued, delivering and delivered", async () => {
    const h = harness();
    const { answer } = await post(h, { email: "ada@example.com", message: "hello" });
    expect(await statusOf(answer.id)).toBe("queued");
    await setFaults({ latency_ms: 200 });
    const consuming = h.consume([{ id: answer.id }]);
    expect(
      await waitUntil(async () =>
        (await statusOf(answer.id)) === "delivering" ? true : undefined,
      ),
    ).toBe(true);
    const { acked } = await consuming;
    expect(acked).toEqual([answer.id]);
    expect(await loadSubmission(env.DB, answer.id)).toMatchObject({
      status: "delivered",
      outcome: "created",
      attempts: 1,
      contact_id: expect.stringMatching(/^cont_/),
      lead_id: expect.stringMatching(/^lead_/),
      note_id: expect.stringMatching(/^acti_/),
    });
  });

  it("delivers a message delivered twice once", async () => {
    const h = harness();
    const { answer } = await post(h, { email: "ada@example.com", message: "hello" });
    await h.consume([{ id: answer.id }]);
    const before = (await simRequests()).length;
    const { acked } = await h.consume([{ id: answer.id }]);
    expect(acked).toEqual([answer.id]);
    expect((await simRequests()).length).toBe(before);
    expect(await simContacts()).toHaveLength(1);
    expect(await simNotes()).toHaveLength(1);
  });

  it("delivers a message redelivered while the first delivery runs once, and comes back for it after", async () => {
    const h = harness();
    const { answer } = await post(h, { email: "ada@example.com", message: "hello" });
    await setFaults({ latency_ms: 100 });
    const [a, b] = await Promise.all([
      h.consume([{ id: answer.id }]),
      h.consume([{ id: answer.id }]),
    ]);
    expect(await simContacts()).toHaveLength(1);
    expect(await simNotes()).toHaveLength(1);
    // The running delivery is left alone; the other message returns when its lease would end.
    expect([...a.acked, ...b.acked]).toEqual([answer.id]);
    const [later] = [...a.retried, ...b.retried];
    expect(later).toEqual({ id: answer.id, delaySeconds: expect.any(Number) });
    const before = (await simRequests()).length;
    expect((await h.consume([{ id: answer.id }], 2)).acked).toEqual([answer.id]);
    expect((await simRequests()).length).toBe(before);
    expect(await loadSubmission(env.DB, answer.id)).toMatchObject({
      status: "delivered",
      attempts: 1,
    });
  });

  it("resumes a delivery whose consumer died after Close created the contact when its lease ends: one contact", async () => {
    const h = harness();
    const { answer } = await post(h, { email: "ada@example.com", message: "hello" });
    const config = requireConfig(h.env);
    // The first delivery takes the submission as the consumer does; Close creates the contact,
    // then the isolate dies before recording it or acking the message.
    const taken = await startDelivery(env.DB, answer.id, Date.now());
    if (!taken?.draft) throw new Error("the submission was not taken");
    const crash = new Error("the isolate died");
    await expect(
      upsertSubmission(
        await connectClose(h.env, config, 1000),
        taken.draft,
        {
          submissionId: answer.id,
          name: "s",
          on_duplicate: "update",
          lead: "by_company",
          invalid_phone: "drop",
          receivedAt: taken.received_at,
          resumed: false,
        },
        progressOf(taken),
        async () => {
          throw crash;
        },
      ),
    ).rejects.toBe(crash);
    expect(await simContacts()).toHaveLength(1);
    const held = await loadSubmission(env.DB, answer.id);
    expect(held).toMatchObject({ status: "delivering", contact_id: null });
    const leaseUntil = held?.lease_until ?? 0;
    const requests = (await simRequests()).length;

    // The queue redelivers the crashed batch at once: the message comes back when the lease ends.
    const before = Date.now();
    const early = await h.consume([{ id: answer.id }], 2);
    const after = Date.now();
    expect(early.acked).toEqual([]);
    expect(early.retried).toEqual([{ id: answer.id, delaySeconds: expect.any(Number) }]);
    const delayMs = (early.retried[0]?.delaySeconds ?? 0) * 1000;
    expect(delayMs).toBeGreaterThanOrEqual(leaseUntil - after);
    expect(delayMs).toBeLessThanOrEqual(leaseUntil - before + 1000);
    expect((await simRequests()).length).toBe(requests);
    expect(await loadSubmission(env.DB, answer.id)).toMatchObject({
      status: "delivering",
      attempts: 1,
    });

    // That long later the lease has run out, and the retried message resumes the delivery.
    await env.DB.prepare("UPDATE submissions SET lease_until = ? WHERE id = ?")
      .bind(Date.now() - 1, answer.id)
      .run();
    const { acked } = await h.consume([{ id: answer.id }], 3);
    expect(acked).toEqual([answer.id]);
    expect(await simContacts()).toHaveLength(1);
    expect(await simNotes()).toHaveLength(1);
    expect(await loadSubmission(env.DB, answer.id)).toMatchObject({
      status: "delivered",
      outcome: "created",
      attempts: 2,
    });
  });

  it("retries a 5xx with backoff and then delivers", async () => {
    const h = harness();
    const { answer } = await post(h, { email: "ada@example.com" });
    // Three failures in a row use up the consumer's quick retries: the queue's backoff takes over.
    await setFaults({ fail_next: 3, error_status: 503 });
    const first = await h.consume([{ id: answer.id, turn: 0 }]);
    // The message is replaced by one of the next turn that comes back after the backoff.
    expect(first.later).toEqual([{ id: answer.id, turn: 1, delaySeconds: expect.any(Number) }]);
    expect(first.retried).toEqual([]);
    expect(await loadSubmission(env.DB, answer.id)).toMatchObject({
      status: "retrying",
      attempts: 1,
      turn: 1,
      last_error_code: "close_unavailable",
      next_attempt_at: expect.any(Number),
    });
    await passTime(answer.id);
    const second = await h.consume([{ id: answer.id, turn: 1 }]);
    expect(second.acked).toEqual([answer.id]);
    expect(await loadSubmission(env.DB, answer.id)).toMatchObject({
      status: "delivered",
      attempts: 2,
      last_error_code: null,
    });
  });

  it("sends a submission Close refuses (400) to the dead letters at once, with Close's field errors", async () => {
    const h = harness({ lead: "lead_doesNotExist0000000000000000000000000000" });
    const { answer } = await post(h, { email: "ada@example.com" });
    const { acked } = await h.consume([{ id: answer.id }]);
    expect(acked).toEqual([answer.id]);
    expect(h.deadLetters).toEqual([{ id: answer.id, turn: 0 }]);
    const dead = await loadSubmission(env.DB, answer.id);
    expect(dead).toMatchObject({ status: "dead", attempts: 1, last_error_code: "close_rejected" });
    expect(dead?.last_error_details).toEqual([
      { field: "lead", problem: "Object does not exist." },
    ]);
    await h.consumeDeadLetters();
    expect(await statusOf(answer.id)).toBe("dead");
  });

  it("goes dead after max_retries failures, and a replay then delivers it", async () => {
    const h = harness({ max_retries: 2 }, { ADMIN_TOKEN: "admin-test-token" });
    const { answer } = await post(h, { email: "ada@example.com" });
    await setFaults({ error_rate: 1, error_status: 502 });
    await h.drain();
    expect(await loadSubmission(env.DB, answer.id)).toMatchObject({ status: "dead", attempts: 3 });
    expect(h.deadLetters).toEqual([{ id: answer.id, turn: 2 }]);
    expect(await simContacts()).toEqual([]);

    await setFaults({});
    const replay = await h.fetch(`/v1/admin/submissions/${answer.id}/replay`, {
      method: "POST",
      headers: { authorization: "Bearer admin-test-token" },
    });
    expect(replay.status).toBe(202);
    expect(await replay.json()).toEqual({ id: answer.id, status: "queued", remapped: true });
    await h.drain();
    expect(await loadSubmission(env.DB, answer.id)).toMatchObject({
      status: "delivered",
      attempts: 1,
    });
    expect(await simContacts()).toHaveLength(1);

    const again = await h.fetch(`/v1/admin/submissions/${answer.id}/replay`, {
      method: "POST",
      headers: { authorization: "Bearer admin-test-token" },
    });
    expect(again.status).toBe(409);
  });

  it("stops sending when Close's rate limit is used up and retries the rest of the batch after the reset", async () => {
    const h = harness();
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) ids.push((await post(h, { email: `p${i}@example.com` })).answer.id);
    // A window far longer than the consumer waits inline: it must hand the batch back.
    await setFaults({ rate_limit: { limit: 2, window_s: 30 } });
    const { acked, later } = await h.consume(ids.map((id) => ({ id, turn: 0 })));
    expect(acked).toHaveLength(2);
    expect([...acked, ...later.map((r) => r.id)].sort()).toEqual([...ids].sort());
    for (const r of later) expect(r.delaySeconds).toBeGreaterThanOrEqual(25);
    const tooMany = (await simRequests()).filter((r) => r.status === 429);
    expect(tooMany.length).toBeLessThanOrEqual(1);
    for (const { id } of later) {
      // Refused by the pacer (retrying) or never started (queued): either way no attempt spent.
      const waiting = await loadSubmission(env.DB, id);
      expect(["retrying", "queued"]).toContain(waiting?.status);
      expect(waiting?.attempts).toBe(0);
    }
  });
});

describe("Close refusing the API key in queue mode", () => {
  const refusals: [string, Record<string, unknown>, Record<string, unknown>][] = [
    ["401 (a wrong CLOSE_API_KEY)", { CLOSE_API_KEY: "api_wrong" }, {}],
    ["403", {}, { fail_next: 1, error_status: 403 }],
  ];

  it.each(refusals)(
    "retries a submission Close answers %s with the long backoff and logs it as an error without the key",
    async (_, vars, faults) => {
      const h = harness({}, vars);
      const { answer } = await post(h, { email: "ada@example.com" });
      await setFaults(faults);
      const errors = vi.spyOn(console, "error");
      const before = Date.now();
      const { acked, later } = await h.consume([{ id: answer.id, turn: 0 }]);
      expect(acked).toEqual([]);
      // docs/delivery.md: at least 15 minutes between attempts (an operator may be fixing the key).
      expect(later).toEqual([{ id: answer.id, turn: 1, delaySeconds: expect.any(Number) }]);
      expect(later[0]?.delaySeconds).toBeGreaterThanOrEqual(15 * 60);
      const stored = await loadSubmission(env.DB, answer.id);
      expect(stored).toMatchObject({
        status: "retrying",
        attempts: 1,
        last_error_code: "close_auth_failed",
      });
      expect(stored?.next_attempt_at).toBeGreaterThanOrEqual(before + 15 * 60_000);

      const lines = errors.mock.calls.map((args) => args.map(String).join(" "));
      expect(lines.filter((line) => line.includes('"delivery.close_auth_failed"'))).toHaveLength(1);
      const key = h.env.CLOSE_API_KEY;
      for (const secret of [key, btoa(`${key}:`)]) {
        expect(lines.filter((line) => line.includes(secret))).toEqual([]);
      }
    },
  );
});

describe("the dead-letter consumer", () => {
  it("leaves a submission a delivery still holds, and marks it dead when the lease ended with nobody finishing it", async () => {
    const h = harness();
    const { answer } = await post(h, { email: "ada@example.com" });
    await startDelivery(env.DB, answer.id, Date.now());
    // The queue gave up on its message (a consumer that kept dying on it).
    h.deadLetters.push({ id: answer.id, turn: 0 });
    const early = await h.consumeDeadLetters();
    expect(early.explicitAcks).toEqual([]);
    expect(early.retryMessages).toHaveLength(1);
    expect(await statusOf(answer.id)).toBe("delivering");

    // The holder died: when its lease has run out, the queue's giving up stands.
    await env.DB.prepare("UPDATE submissions SET lease_until = ? WHERE id = ?")
      .bind(Date.now() - 1, answer.id)
      .run();
    h.deadLetters.push({ id: answer.id, turn: 0 });
    const late = await h.consumeDeadLetters();
    expect(late.explicitAcks).toHaveLength(1);
    expect(await loadSubmission(env.DB, answer.id)).toMatchObject({
      status: "dead",
      last_error_code: "delivery_interrupted",
    });
  });

  it("never marks a delivered submission dead", async () => {
    const h = harness();
    const { answer } = await post(h, { email: "ada@example.com" });
    await h.consume([{ id: answer.id }]);
    h.deadLetters.push({ id: answer.id, turn: 0 });
    const result = await h.consumeDeadLetters();
    expect(result.explicitAcks).toHaveLength(1);
    expect(await loadSubmission(env.DB, answer.id)).toMatchObject({
      status: "delivered",
      last_error_code: null,
    });
  });
});

describe("the lease a delivery holds", () => {
  it("outlasts the 15 minutes a queue consumer can run: no second delivery takes the submission before, one takes over after", async () => {
    const h = harness();
    const { answer } = await post(h, { email: "ada@example.com" });
    const taken = Date.now();
    expect(await startDelivery(env.DB, answer.id, taken)).toMatchObject({ status: "delivering" });
    expect(await startDelivery(env.DB, answer.id, taken + 15 * 60_000)).toBeUndefined();
    // A consumer that died an hour ago holds nothing: another delivery takes the submission.
    expect(await startDelivery(env.DB, answer.id, taken + 60 * 60_000)).toMatchObject({
      status: "delivering",
      attempts: 2,
    });
    // Finished, so that the next test's reset has no delivery in progress to wait for.
    await finishDelivery(env.DB, answer.id, { outcome: "skipped" }, taken + 60 * 60_000);
  });
});
