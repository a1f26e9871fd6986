import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { sweepSubmissions } from "../../src/deliver/sweep.ts";
import { ErrorBody } from "../../src/errors.ts";
import { loadSubmission } from "../../src/store/submissions.ts";
import { queueHarness } from "../helpers/queue.ts";
import { resetWorld } from "../helpers/reset.ts";

beforeEach(resetWorld);

const TOKEN = "admin-test-token-0123456789";
const AUTH = { authorization: `Bearer ${TOKEN}` };

function harness() {
  return queueHarness({
    SOURCES: {
      a: { preset: "json", allow_unprotected: true },
      b: { preset: "json", allow_unprotected: true },
    },
    ADMIN_TOKEN: TOKEN,
  });
}

async function submit(
  h: ReturnType<typeof harness>,
  source: string,
  email: string,
): Promise<string> {
  const response = await h.fetch(`/v1/hooks/${source}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email }),
  });
  return ((await response.json()) as { id: string }).id;
}

type Page = { data: { id: string; source: string; status: string }[]; next_cursor: string | null };

describe("admin API authentication", () => {
  it.each([
    ["no header", {}],
    ["a wrong token", { authorization: "Bearer nope" }],
    ["the token without Bearer", { authorization: TOKEN }],
    ["Basic auth", { authorization: `Basic ${btoa(`${TOKEN}:`)}` }],
  ])("refuses %s with 401", async (_, headers) => {
    const h = harness();
    const response = await h.fetch("/v1/admin/submissions", { headers });
    expect(response.status).toBe(401);
    expect(ErrorBody.parse(await response.json()).error.code).toBe("unauthorized");
  });

  it("is off (503) when no ADMIN_TOKEN is set", async () => {
    const h = queueHarness({ ADMIN_TOKEN: "" });
    const response = await h.fetch("/v1/admin/submissions", { headers: AUTH });
    expect(response.status).toBe(503);
  });

  it("sends security headers", async () => {
    const h = harness();
    const response = await h.fetch("/v1/admin/submissions", { headers: AUTH });
    expect(response.status).toBe(200);
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(response.headers.get("x-frame-options")).toBe("SAMEORIGIN");
    expect(response.headers.get("strict-transport-security")).toBeTruthy();
  });
});

describe("the submission log", () => {
  it("lists newest first, filters by status and source, and pages with a cursor", async () => {
    const h = harness();
    const ids: string[] = [];
    for (let i = 0; i < 5; i++)
      ids.push(await submit(h, i % 2 === 0 ? "a" : "b", `p${i}@example.com`));
    await h.consume([{ id: ids[0] as string }]);

    const first = (await (
      await h.fetch("/v1/admin/submissions?limit=2", { headers: AUTH })
    ).json()) as Page;
    expect(first.data.map((s) => s.id)).toEqual([ids[4], ids[3]]);
    expect(first.next_cursor).toBe(ids[3]);
    const second = (await (
      await h.fetch(`/v1/admin/submissions?limit=2&cursor=${first.next_cursor}`, { headers: AUTH })
    ).json()) as Page;
    expect(second.data.map((s) => s.id)).toEqual([ids[2], ids[1]]);

    const fromA = (await (
      await h.fetch("/v1/admin/submissions?source=a&limit=50", { headers: AUTH })
    ).json()) as Page;
    expect(fromA.data.filter((s) => ids.includes(s.id)).map((s) => s.id)).toEqual([
      ids[4],
      ids[2],
      ids[0],
    ]);
    const delivered = (await (
      await h.fetch("/v1/admin/submissions?status=delivered&source=a", { headers: AUTH })
    ).json()) as Page;
    expect(delivered.data.map((s) => s.id)).toEqual([ids[0]]);
  });

  it("filters by time with since", async () => {
    const h = harness();
    const old = await submit(h, "a", "old@example.com");
    await env.DB.prepare("UPDATE submissions SET received_at = ? WHERE id = ?")
      .bind(Date.parse("2020-01-01"), old)
      .run();
    const recent = await submit(h, "a", "new@example.com");
    const page = (await (
      await h.fetch("/v1/admin/submissions?source=a&since=2025-01-01T00:00:00Z", { headers: AUTH })
    ).json()) as Page;
    expect(page.data.map((s) => s.id)).toContain(recent);
    expect(page.data.map((s) => s.id)).not.toContain(old);
  });

  it("treats blank filters as no filter, as a form with empty fields sends them", async () => {
    const h = harness();
    const fromA = await submit(h, "a", "ada@example.com");
    const fromB = await submit(h, "b", "grace@example.com");
    const response = await h.fetch("/v1/admin/submissions?status=&source=&since=&cursor=&limit=", {
      headers: AUTH,
    });
    expect(response.status).toBe(200);
    expect(((await response.json()) as Page).data.map((s) => s.id)).toEqual([fromB, fromA]);
  });

  it("refuses unknown filters and bad values with 400", async () => {
    const h = harness();
    for (const query of [
      "status=done",
      "limit=0",
      "limit=1000",
      "since=yesterday",
      "cursor=x",
      "colour=red",
    ]) {
      const response = await h.fetch(`/v1/admin/submissions?${query}`, { headers: AUTH });
      expect(response.status, query).toBe(400);
      expect(ErrorBody.parse(await response.json()).error.code).toBe("invalid_query");
    }
  });

  it("shows one submission with its attempts, errors, Close ids and draft", async () => {
    const h = harness();
    const id = await submit(h, "a", "ada@example.com");
    await h.consume([{ id }]);
    const response = await h.fetch(`/v1/admin/submissions/${id}`, { headers: AUTH });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      id,
      source: "a",
      status: "delivered",
      outcome: "created",
      attempts: 1,
      contact_id: expect.stringMatching(/^cont_/),
      lead_id: expect.stringMatching(/^lead_/),
      last_error: null,
      draft: { emails: [{ email: "ada@example.com", type: "office" }] },
    });
    const missing = await h.fetch("/v1/admin/submissions/sub_00000000000000000000000000", {
      headers: AUTH,
    });
    expect(missing.status).toBe(404);
  });
});

describe("replay", () => {
  it("refuses a delivered submission with 409 unless forced", async () => {
    const h = harness();
    const id = await submit(h, "a", "ada@example.com");
    await h.consume([{ id }]);
    const refused = await h.fetch(`/v1/admin/submissions/${id}/replay`, {
      method: "POST",
      headers: AUTH,
    });
    expect(refused.status).toBe(409);
    h.sent.length = 0;
    const forced = await h.fetch(`/v1/admin/submissions/${id}/replay?force=1`, {
      method: "POST",
      headers: AUTH,
    });
    expect(forced.status).toBe(202);
    expect(h.sent).toEqual([{ id, turn: 1 }]);
  });

  it("replays every dead submission of a source", async () => {
    const h = harness();
    const deadA = await submit(h, "a", "a1@example.com");
    const deadB = await submit(h, "b", "b1@example.com");
    await env.DB.prepare("UPDATE submissions SET status = 'dead' WHERE id IN (?, ?)")
      .bind(deadA, deadB)
      .run();
    h.sent.length = 0;
    const response = await h.fetch("/v1/admin/replay?status=dead&source=a", {
      method: "POST",
      headers: AUTH,
    });
    expect(response.status).toBe(202);
    const answer = (await response.json()) as { replayed: number; ids: string[] };
    // (Earlier tests of source "a" may have left dead submissions too: they are replayed as well.)
    expect(answer.ids).toContain(deadA);
    expect(answer.ids).not.toContain(deadB);
    expect(answer.replayed).toBe(answer.ids.length);
    expect(h.sent).toContainEqual({ id: deadA, turn: 1 });
    expect(h.sent).not.toContainEqual(expect.objectContaining({ id: deadB }));
    expect((await loadSubmission(env.DB, deadA))?.status).toBe("queued");
    expect((await loadSubmission(env.DB, deadB))?.status).toBe("dead");
    const delivered = await h.fetch("/v1/admin/replay?status=delivered", {
      method: "POST",
      headers: AUTH,
    });
    expect(delivered.status).toBe(409);
  });
});

describe("the scheduled sweep", () => {
  it("removes drafts of delivered submissions after RETENTION_DAYS and rows after twice that", async () => {
    const h = harness();
    const day = 86_400_000;
    const now = Date.now();
    const fresh = await submit(h, "a", "fresh@example.com");
    const aged = await submit(h, "a", "aged@example.com");
    const ancient = await submit(h, "a", "ancient@example.com");
    const agedDead = await submit(h, "a", "dead@example.com");
    for (const id of [fresh, aged, ancient]) await h.consume([{ id }]);
    const age = (id: string, days: number) =>
      env.DB.prepare("UPDATE submissions SET received_at = ? WHERE id = ?")
        .bind(now - days * day, id)
        .run();
    await age(aged, 31);
    await age(ancient, 61);
    await env.DB.prepare("UPDATE submissions SET status = 'dead' WHERE id = ?")
      .bind(agedDead)
      .run();
    await age(agedDead, 31);

    await sweepSubmissions(h.env, now);
    expect((await loadSubmission(env.DB, fresh))?.draft).not.toBeNull();
    expect(await loadSubmission(env.DB, aged)).toMatchObject({ status: "delivered", draft: null });
    expect(await loadSubmission(env.DB, ancient)).toBeUndefined();
    // A dead submission keeps its draft so that it can still be replayed.
    expect((await loadSubmission(env.DB, agedDead))?.draft).not.toBeNull();
  });

  it("sends stalled submissions to the queue again", async () => {
    const h = harness();
    const stuck = await submit(h, "a", "stuck@example.com");
    const moving = await submit(h, "a", "moving@example.com");
    await env.DB.prepare("UPDATE submissions SET updated_at = ? WHERE id = ?")
      .bind(Date.now() - 3_600_000, stuck)
      .run();
    h.sent.length = 0;
    const result = await sweepSubmissions(h.env, Date.now());
    expect(h.sent).toContainEqual({ id: stuck, turn: 0 });
    expect(h.sent).not.toContainEqual(expect.objectContaining({ id: moving }));
    expect(result.requeued).toBeGreaterThanOrEqual(1);
  });
});
