import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { sweepSubmissions } from "../../src/deliver/sweep.ts";
import { ErrorBody } from "../../src/errors.ts";
import { PRESET_EXAMPLES } from "../../src/providers/registry.ts";
import { callBridge, shippedSources } from "../helpers/bridge.ts";
import { queueHarness } from "../helpers/queue.ts";
import { resetWorld } from "../helpers/reset.ts";
import { setFaults, simContacts } from "../helpers/sim.ts";
import { waitUntil } from "../helpers/wait.ts";

beforeEach(resetWorld);

const TOKEN = "admin-test-token-0123456789";
const AUTH = { authorization: `Bearer ${TOKEN}` };
const JSON_HEADERS = { "content-type": "application/json" };

function harness(vars: Record<string, unknown> = {}) {
  return queueHarness({
    SOURCES: {
      a: { preset: "json", allow_unprotected: true },
      b: { preset: "json", allow_unprotected: true },
      booking: { preset: "calendly", auth: { type: "none" }, allow_unprotected: true },
      signed: { preset: "json", auth: { type: "token", secret: "SIGNED_TOKEN" } },
    },
    ADMIN_TOKEN: TOKEN,
    SIGNED_TOKEN: "signed-token-0123456789",
    ...vars,
  });
}

type Harness = ReturnType<typeof harness>;

async function submit(h: Harness, source: string, body: Record<string, unknown>) {
  const response = await h.fetch(`/v1/hooks/${source}`, {
    method: "POST",
    headers: JSON_HEADERS,
    body: JSON.stringify(body),
  });
  return { status: response.status, id: ((await response.json()) as { id?: string }).id ?? "" };
}

async function admin<T>(h: Harness, path: string, init: RequestInit = {}): Promise<T> {
  const response = await h.fetch(path, { ...init, headers: { ...AUTH, ...init.headers } });
  expect(response.status, path).toBeLessThan(300);
  return (await response.json()) as T;
}

type Page = { data: { id: string; status: string }[]; next_cursor: string | null };

/** Searches the log by a person's email (in the body, never in the URL), with other filters. */
function search(h: Harness, email: string, query = "") {
  return admin<Page>(h, `/v1/admin/search${query}`, {
    method: "POST",
    headers: JSON_HEADERS,
    body: JSON.stringify({ email }),
  });
}

describe("the console's admin endpoints refuse without the admin token", () => {
  const endpoints: [string, string][] = [
    ["GET", "/v1/admin/stats"],
    ["GET", "/v1/admin/stats?window=7d"],
    ["GET", "/v1/admin/submissions/sub_00000000000000000000000000/attempts"],
    ["GET", "/v1/admin/sources"],
    ["POST", "/v1/admin/sources/a/preview"],
    ["GET", "/v1/admin/dead-letters"],
    ["POST", "/v1/admin/search"],
  ];
  it.each(endpoints)(
    "%s %s answers 401 without a token and with a wrong one",
    async (method, path) => {
      const h = harness();
      for (const headers of [{}, { authorization: "Bearer wrong" }] as Record<string, string>[]) {
        const response = await h.fetch(path, {
          method,
          headers: { ...JSON_HEADERS, ...headers },
          body: method === "POST" ? "{}" : undefined,
        });
        expect(response.status).toBe(401);
        expect(ErrorBody.parse(await response.json()).error.code).toBe("unauthorized");
      }
    },
  );

  it("does not take a source's own token for the Try it preview", async () => {
    const h = harness();
    const response = await h.fetch("/v1/admin/sources/signed/preview", {
      method: "POST",
      headers: { ...JSON_HEADERS, authorization: "Bearer signed-token-0123456789" },
      body: JSON.stringify({ email: "ada@example.com" }),
    });
    expect(response.status).toBe(401);
  });
});

describe("GET /v1/admin/stats", () => {
  it("counts what was just received and delivered, in 24 hourly buckets", async () => {
    const h = harness();
    const delivered = await submit(h, "a", { email: "ada@example.com" });
    await submit(h, "b", { email: "grace@example.com" });
    await h.consume([{ id: delivered.id }]);
    const stats = await admin<{
      window: string;
      from: string;
      to: string;
      by_status: Record<string, number>;
      outcomes: Record<string, number>;
      outcome_buckets: { start: string; created: number; in_progress: number }[];
      delay_buckets: { delivered: number; p50_ms: number | null }[];
    }>(h, "/v1/admin/stats");
    expect(stats.window).toBe("24h");
    expect(Date.parse(stats.to) - Date.parse(stats.from)).toBe(24 * 3_600_000);
    expect(stats.by_status).toEqual({ delivered: 1, queued: 1 });
    expect(stats.outcomes).toMatchObject({ created: 1, in_progress: 1 });
    expect(stats.outcome_buckets).toHaveLength(24);
    expect(stats.outcome_buckets.at(-1)).toMatchObject({ created: 1, in_progress: 1 });
    expect(stats.delay_buckets.at(-1)?.delivered).toBe(1);
    expect(stats.delay_buckets.at(-1)?.p50_ms).toBeGreaterThanOrEqual(0);
  });

  it("answers the 7-day window in 28 buckets and refuses another window with 400", async () => {
    const h = harness();
    const week = await admin<{ outcome_buckets: unknown[] }>(h, "/v1/admin/stats?window=7d");
    expect(week.outcome_buckets).toHaveLength(28);
    for (const query of ["window=1h", "window=24h&colour=red"]) {
      const response = await h.fetch(`/v1/admin/stats?${query}`, { headers: AUTH });
      expect(response.status, query).toBe(400);
      expect(ErrorBody.parse(await response.json()).error.code).toBe("invalid_query");
    }
  });
});

describe("posts answered without a record", () => {
  it("counts a 422 and an ignored event, but not a post that failed authentication", async () => {
    const h = harness();
    expect((await submit(h, "a", { name: "No Contact" })).status).toBe(422);
    const ignored = await h.fetch("/v1/hooks/booking", {
      method: "POST",
      headers: JSON_HEADERS,
      body: JSON.stringify({ event: "invitee.canceled", payload: { email: "ada@example.com" } }),
    });
    expect(await ignored.json()).toMatchObject({ status: "ignored" });
    expect((await submit(h, "signed", { email: "ada@example.com" })).status).toBe(401);
    const counted = () =>
      env.DB.prepare(
        "SELECT source, outcome, status, count FROM unrecorded_posts ORDER BY source",
      ).all();
    const rows = await waitUntil(async () => {
      const { results } = await counted();
      return results.length >= 2 ? results : undefined;
    });
    expect(rows).toEqual([
      { source: "a", outcome: "unmappable", status: 422, count: 1 },
      { source: "booking", outcome: "ignored", status: 200, count: 1 },
    ]);
    const stats = await admin<{ outcomes: Record<string, number> }>(h, "/v1/admin/stats");
    expect(stats.outcomes).toMatchObject({ refused: 1, ignored: 1 });
  });
});

describe("the counts of unrecorded posts", () => {
  it("last as long as the log's rows: the sweep forgets hours older than twice RETENTION_DAYS", async () => {
    const h = harness();
    const hour = (daysAgo: number) =>
      Math.floor((Date.now() - daysAgo * 86_400_000) / 3_600_000) * 3_600_000;
    for (const daysAgo of [61, 59]) {
      await env.DB.prepare(
        "INSERT INTO unrecorded_posts (hour, source, outcome, status, count) VALUES (?, 'a', 'unmappable', 422, 1)",
      )
        .bind(hour(daysAgo))
        .run();
    }
    await sweepSubmissions(h.env, Date.now());
    const { results } = await env.DB.prepare("SELECT hour FROM unrecorded_posts").all<{
      hour: number;
    }>();
    expect(results.map((row) => row.hour)).toEqual([hour(59)]);
  });
});

describe("searching the log by a person's email", () => {
  it("finds a person's submissions by exact email, however it was typed, and no one else's", async () => {
    const h = harness();
    const first = await submit(h, "a", { email: " Ada.Lovelace@Example.com" });
    const second = await submit(h, "b", { email: "ada.lovelace@example.com" });
    const other = await submit(h, "a", { email: "ada.lovelace@example.org" });
    const page = await search(h, "ADA.LOVELACE@example.com");
    expect(page.data.map((s) => s.id)).toEqual([second.id, first.id]);
    expect(page.data.map((s) => s.id)).not.toContain(other.id);
    const bySource = await search(h, "ada.lovelace@example.com", "?source=a");
    expect(bySource.data.map((s) => s.id)).toEqual([first.id]);
    const nobody = await search(h, "nobody@example.com");
    expect(nobody.data).toEqual([]);
  });

  it("keeps a keyed hash, not the address, and still finds it after retention removed the draft", async () => {
    const h = harness();
    const { id } = await submit(h, "a", { email: "grace@example.com" });
    await h.consume([{ id }]);
    await env.DB.prepare("UPDATE submissions SET received_at = ? WHERE id = ?")
      .bind(Date.now() - 31 * 86_400_000, id)
      .run();
    await sweepSubmissions(h.env, Date.now());
    const row = await env.DB.prepare(
      `SELECT draft, answers, (SELECT email_hash FROM submission_emails WHERE submission_id = id) AS email_hash
       FROM submissions WHERE id = ?`,
    )
      .bind(id)
      .first<{ draft: string | null; answers: string | null; email_hash: string }>();
    expect(row).toMatchObject({ draft: null, answers: null });
    expect(row?.email_hash).toMatch(/^[0-9a-f]{64}$/);
    // Not a plain hash of the address: without the key it cannot be tested against guesses.
    const plain = await crypto.subtle.digest(
      "SHA-256",
      new TextEncoder().encode("grace@example.com"),
    );
    expect(row?.email_hash).not.toBe(
      [...new Uint8Array(plain)].map((b) => b.toString(16).padStart(2, "0")).join(""),
    );
    const page = await search(h, "grace@example.com");
    expect(page.data.map((s) => s.id)).toEqual([id]);
  });

  it("hashes with EMAIL_HASH_KEY when it is set, so the same address hashes differently", async () => {
    const derived = harness();
    const own = harness({ EMAIL_HASH_KEY: "an-own-email-hash-key-0123456789" });
    const a = await submit(derived, "a", { email: "same@example.com" });
    const b = await submit(own, "a", { email: "same@example.com" });
    const hashes = await env.DB.prepare(
      "SELECT submission_id, email_hash FROM submission_emails WHERE submission_id IN (?, ?)",
    )
      .bind(a.id, b.id)
      .all<{ submission_id: string; email_hash: string }>();
    expect(hashes.results).toHaveLength(2);
    const [first, second] = hashes.results;
    expect(first?.email_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(second?.email_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(first?.email_hash).not.toBe(second?.email_hash);
    const found = await search(own, "same@example.com");
    expect(found.data.map((s) => s.id)).toEqual([b.id]);
  });

  it("finds a person who gave two addresses by either of them", async () => {
    const h = harness();
    const { id } = await submit(h, "a", {
      email: ["ada@work.example", "Ada@Home.example"],
      name: "Ada Lovelace",
    });
    await submit(h, "a", { email: "someone.else@example.com" });
    const stored = await env.DB.prepare("SELECT draft FROM submissions WHERE id = ?")
      .bind(id)
      .first<{ draft: string }>();
    expect(JSON.parse(stored?.draft ?? "{}").emails).toHaveLength(2);
    for (const email of ["ada@work.example", "ada@home.example"]) {
      expect((await search(h, email)).data.map((s) => s.id)).toEqual([id]);
    }
  });

  it("searches a dead submission sent again by the emails of what was sent again", async () => {
    const h = harness();
    const send = (email: string) =>
      h.fetch("/v1/hooks/a", {
        method: "POST",
        headers: { ...JSON_HEADERS, "idempotency-key": "resend-0123456789" },
        body: JSON.stringify({ email }),
      });
    const { id } = (await (await send("typo@exmaple.com")).json()) as { id: string };
    await env.DB.prepare("UPDATE submissions SET status = 'dead' WHERE id = ?").bind(id).run();
    const again = (await (await send("fixed@example.com")).json()) as { id: string };
    expect(again.id).toBe(id);
    expect((await search(h, "fixed@example.com")).data.map((s) => s.id)).toEqual([id]);
    expect((await search(h, "typo@exmaple.com")).data).toEqual([]);
  });

  it("hashes every email of a submission recorded when only the first was hashed, at the next sweep", async () => {
    const h = harness();
    const { id } = await submit(h, "a", { email: ["grace@navy.example", "grace@cobol.example"] });
    // As a row recorded before every email was hashed: the first one's hash only, and no list of
    // hashes on the row (rows of that time have none).
    await env.DB.batch([
      env.DB.prepare(
        "DELETE FROM submission_emails WHERE submission_id = ? AND email_hash NOT IN (SELECT email_hash FROM submission_emails WHERE submission_id = ? LIMIT 1)",
      ).bind(id, id),
      env.DB.prepare(
        "UPDATE submissions SET emails_hashed = 0, email_hashes = NULL WHERE id = ?",
      ).bind(id),
    ]);
    const found = async () =>
      (await search(h, "grace@navy.example")).data.length +
      (await search(h, "grace@cobol.example")).data.length;
    expect(await found()).toBe(1);
    await sweepSubmissions(h.env, Date.now());
    expect(await found()).toBe(2);
    const row = await env.DB.prepare("SELECT emails_hashed FROM submissions WHERE id = ?")
      .bind(id)
      .first<{ emails_hashed: number }>();
    expect(row?.emails_hashed).toBe(1);
  });

  it("refuses a blank or missing email with 400, and an email in the URL at all", async () => {
    const h = harness();
    for (const body of [{ email: "  " }, {}, { email: "a@example.com", colour: "red" }]) {
      const response = await h.fetch("/v1/admin/search", {
        method: "POST",
        headers: { ...AUTH, ...JSON_HEADERS },
        body: JSON.stringify(body),
      });
      expect(response.status, JSON.stringify(body)).toBe(400);
    }
    // Request logs keep URLs: the list does not take an email there.
    const inUrl = await h.fetch("/v1/admin/submissions?email=a%40example.com", { headers: AUTH });
    expect(inUrl.status).toBe(400);
  });
});

describe("the list's other filters", () => {
  it("filters by the last error's code and by a time range", async () => {
    const h = harness();
    const failing = await submit(h, "a", { email: "fail@example.com" });
    const fine = await submit(h, "a", { email: "fine@example.com" });
    await env.DB.prepare(
      "UPDATE submissions SET status = 'dead', last_error_code = 'close_rejected', received_at = ? WHERE id = ?",
    )
      .bind(Date.parse("2026-01-10T12:00:00Z"), failing.id)
      .run();
    const byError = await admin<Page>(h, "/v1/admin/submissions?error=close_rejected");
    expect(byError.data.map((s) => s.id)).toEqual([failing.id]);
    const inJanuary = await admin<Page>(
      h,
      "/v1/admin/submissions?since=2026-01-01T00:00:00Z&until=2026-02-01T00:00:00Z",
    );
    expect(inJanuary.data.map((s) => s.id)).toEqual([failing.id]);
    const afterJanuary = await admin<Page>(h, "/v1/admin/submissions?since=2026-02-01T00:00:00Z");
    expect(afterJanuary.data.map((s) => s.id)).toEqual([fine.id]);
  });
});

type Attempts = {
  data: {
    attempt: number;
    result: string;
    close_status: number | null;
    error: { code: string; message: string } | null;
    requests: { method: string; path: string; status: number | null; ids: string[] }[];
  }[];
};

describe("erasing a submission", () => {
  it("takes its attempts, its answers and its email hashes with it, and leaves Close alone", async () => {
    const h = harness();
    const { id } = await submit(h, "a", { email: ["erase.me@example.com", "also.me@example.com"] });
    await h.consume([{ id }]);
    const count = async (sql: string) =>
      (await env.DB.prepare(sql).bind(id).first<{ n: number }>())?.n;
    expect(await count("SELECT COUNT(*) AS n FROM delivery_attempts WHERE submission_id = ?")).toBe(
      1,
    );
    const response = await h.fetch(`/v1/admin/submissions/${id}`, {
      method: "DELETE",
      headers: AUTH,
    });
    expect(response.status).toBe(200);
    expect(await count("SELECT COUNT(*) AS n FROM submissions WHERE id = ?")).toBe(0);
    expect(await count("SELECT COUNT(*) AS n FROM delivery_attempts WHERE submission_id = ?")).toBe(
      0,
    );
    expect(await count("SELECT COUNT(*) AS n FROM submission_emails WHERE submission_id = ?")).toBe(
      0,
    );
    expect((await search(h, "erase.me@example.com")).data).toEqual([]);
    expect((await search(h, "also.me@example.com")).data).toEqual([]);
    expect(
      (await simContacts()).some((c) => JSON.stringify(c).includes("erase.me@example.com")),
    ).toBe(true);
  });
});

describe("a submission's attempts and what it received", () => {
  it("records a failed attempt with Close's status and message, then the delivery with its requests", async () => {
    const h = harness();
    const { id } = await submit(h, "a", {
      email: "ada@example.com",
      company: "Analytical Engines",
    });
    await setFaults({ error_rate: 1, error_status: 503 });
    await h.consume([{ id }]);
    await setFaults({});
    // The retry is due now, not after its backoff.
    await env.DB.prepare("UPDATE submissions SET next_attempt_at = ? WHERE id = ?")
      .bind(Date.now() - 1, id)
      .run();
    await h.consume([{ id }]);
    const submission = await admin<{ status: string; lead_id: string; contact_id: string }>(
      h,
      `/v1/admin/submissions/${id}`,
    );
    expect(submission.status).toBe("delivered");
    const { data } = await admin<Attempts>(h, `/v1/admin/submissions/${id}/attempts`);
    expect(data.map((a) => [a.attempt, a.result, a.close_status, a.error?.code ?? null])).toEqual([
      [1, "retry", 503, "close_unavailable"],
      [2, "created", null, null],
    ]);
    expect(data[0]?.error?.message).toMatch(/Close answered 503/);
    // Every request of the failed attempt was answered 503 (the quick retries included).
    expect(data[0]?.requests.length).toBeGreaterThan(0);
    expect(data[0]?.requests.every((r) => r.status === 503)).toBe(true);
    const sent = data[1]?.requests ?? [];
    expect(sent.map((r) => `${r.method} ${r.path} ${r.status}`)).toContain("POST /lead/ 200");
    const leadWrite = sent.find((r) => r.method === "POST" && r.path === "/lead/");
    expect(leadWrite?.ids).toContain(submission.lead_id);
    expect(leadWrite?.ids).toContain(submission.contact_id);
    // It is among the submissions that failed with that error, though it was delivered after all.
    const failedWith = await admin<Page>(h, "/v1/admin/submissions?error=close_unavailable");
    expect(failedWith.data.map((s) => s.id)).toEqual([id]);
    // No bodies, no query strings: nothing of the person beyond the ids.
    expect(JSON.stringify(data)).not.toContain("ada@example.com");
    expect(sent.every((r) => !r.path.includes("?"))).toBe(true);
  });

  it("records a sync delivery's attempt too", async () => {
    const h = queueHarness({
      SOURCES: { s: { preset: "json", allow_unprotected: true, mode: "sync" } },
      ADMIN_TOKEN: TOKEN,
    });
    const response = await h.fetch("/v1/hooks/s", {
      method: "POST",
      headers: JSON_HEADERS,
      body: JSON.stringify({ email: "sync@example.com" }),
    });
    const { id } = (await response.json()) as { id: string };
    const { data } = await admin<Attempts>(h, `/v1/admin/submissions/${id}/attempts`);
    expect(data.map((a) => a.result)).toEqual(["created"]);
  });

  it("shows the answers the preset read, and 404 for the attempts of an unknown submission", async () => {
    const h = harness();
    const { id } = await submit(h, "a", { email: "ada@example.com", plan: "enterprise" });
    const detail = await admin<{ received: unknown }>(h, `/v1/admin/submissions/${id}`);
    expect(detail.received).toEqual({
      answers: [
        { key: "email", label: "email", value: "ada@example.com" },
        { key: "plan", label: "plan", value: "enterprise" },
      ],
      truncated: false,
    });
    const missing = await h.fetch("/v1/admin/submissions/sub_00000000000000000000000000/attempts", {
      headers: AUTH,
    });
    expect(missing.status).toBe(404);
  });
});

type Sources = {
  data: {
    name: string;
    status: string;
    problems: { field: string; problem: string }[];
    preset: string;
    auth: { type: string; secret: string | null; secret_set: boolean | null; in_query: boolean };
    endpoint: string;
    last_received_at: string | null;
    last_post: { at: string; result: string; code: string | null; status: number | null } | null;
    example: { content_type: string; body: string };
  }[];
};

describe("GET /v1/admin/sources", () => {
  it("lists every shipped source with its preset, auth and whether its secret is set", async () => {
    const response = await callBridge("/v1/admin/sources", {
      headers: { authorization: `Bearer ${env.ADMIN_TOKEN}` },
    });
    const { data } = (await response.json()) as Sources;
    expect(data.map((s) => s.name)).toEqual(Object.keys(shippedSources()));
    const byName = Object.fromEntries(data.map((s) => [s.name, s]));
    expect(byName.website).toMatchObject({
      preset: "form",
      auth: { type: "none", secret: null, secret_set: null },
      endpoint: "http://bridge.test/v1/hooks/website",
    });
    expect(byName.typeform?.auth).toEqual({
      type: "typeform",
      secret: "TYPEFORM_SECRET",
      secret_set: true,
      in_query: false,
    });
    expect(byName.jotform?.auth).toEqual({
      type: "token",
      secret: "JOTFORM_TOKEN",
      secret_set: true,
      in_query: true,
    });
    // Never a secret's value.
    const text = JSON.stringify(data);
    for (const name of [
      "TYPEFORM_SECRET",
      "ZAPIER_TOKEN",
      "JOTFORM_TOKEN",
      "CLOSE_API_KEY",
      "ADMIN_TOKEN",
    ]) {
      expect(text).not.toContain((env as unknown as Record<string, string>)[name]);
    }
  });

  it("says when a source's secret is missing, and what is wrong with it", async () => {
    const h = harness({ SIGNED_TOKEN: "" });
    const { data } = await admin<Sources>(h, "/v1/admin/sources");
    const signed = data.find((s) => s.name === "signed");
    expect(signed).toMatchObject({
      status: "broken",
      preset: "json",
      auth: { type: "token", secret: "SIGNED_TOKEN", secret_set: false },
    });
    expect(signed?.problems).toEqual([
      expect.objectContaining({
        field: "auth.secret",
        problem: expect.stringContaining("SIGNED_TOKEN"),
      }),
    ]);
    expect(data.find((s) => s.name === "a")).toMatchObject({ status: "working", problems: [] });
  });

  it("says when the source last received", async () => {
    const h = harness();
    const before = await admin<Sources>(h, "/v1/admin/sources");
    expect(before.data.find((s) => s.name === "a")?.last_received_at).toBeNull();
    const { id } = await submit(h, "a", { email: "ada@example.com" });
    const after = await admin<Sources>(h, "/v1/admin/sources");
    const detail = await admin<{ received_at: string }>(h, `/v1/admin/submissions/${id}`);
    expect(after.data.find((s) => s.name === "a")?.last_received_at).toBe(detail.received_at);
    expect(after.data.find((s) => s.name === "b")?.last_received_at).toBeNull();
    expect(after.data.find((s) => s.name === "a")?.last_post).toEqual({
      at: detail.received_at,
      result: "recorded",
      code: null,
      status: null,
    });
  });

  it("says when the last post came and that it was refused, when no submission was recorded", async () => {
    const h = harness();
    await submit(h, "a", { email: "ada@example.com" });
    await new Promise((resolve) => setTimeout(resolve, 5));
    const refused = await submit(h, "a", { name: "No way to reach me" });
    expect(refused.status).toBe(422);
    const { data } = await admin<Sources>(h, "/v1/admin/sources");
    const a = data.find((s) => s.name === "a");
    expect(a?.last_post).toMatchObject({ result: "refused", code: "unmappable", status: 422 });
    expect(Date.parse(a?.last_post?.at ?? "")).toBeGreaterThan(
      Date.parse(a?.last_received_at ?? ""),
    );
  });
});

describe("POST /v1/admin/sources/:source/preview (Try it)", () => {
  it.each(Object.entries(shippedSources()))(
    "maps the %s source's example delivery into a contact with an email",
    async (name, source) => {
      const example = PRESET_EXAMPLES[source.preset as keyof typeof PRESET_EXAMPLES];
      const response = await callBridge(`/v1/admin/sources/${name}/preview?close=0`, {
        method: "POST",
        headers: {
          authorization: `Bearer ${env.ADMIN_TOKEN}`,
          "content-type": example.contentType,
          accept: "application/json",
        },
        body: example.body,
      });
      expect(response.status).toBe(200);
      const answer = (await response.json()) as {
        status: string;
        draft: { emails: { email: string }[] };
      };
      expect(answer.status).toBe("mapped");
      expect(answer.draft.emails[0]?.email).toMatch(/@/);
    },
  );

  it("shows the Close requests a delivery would make, and writes nothing", async () => {
    const h = harness();
    const answer = await admin<{
      status: string;
      close_requests: { method: string; path: string; sent: boolean }[];
    }>(h, "/v1/admin/sources/a/preview", {
      method: "POST",
      headers: JSON_HEADERS,
      body: JSON.stringify({ email: "try@example.com", company: "Try Corp" }),
    });
    expect(answer.status).toBe("created");
    expect(
      answer.close_requests.map((r) => `${r.method} ${r.path} ${r.sent ? "sent" : "listed"}`),
    ).toEqual(["POST /data/search/ sent", "POST /data/search/ sent", "POST /lead/ listed"]);
    const rows = await env.DB.prepare("SELECT COUNT(*) AS n FROM submissions").first<{
      n: number;
    }>();
    expect(rows?.n).toBe(0);
  });

  it("answers 404 for an unknown source and 422 for a payload that cannot become a contact", async () => {
    const h = harness();
    const unknown = await h.fetch("/v1/admin/sources/nope/preview", {
      method: "POST",
      headers: { ...AUTH, ...JSON_HEADERS },
      body: "{}",
    });
    expect(unknown.status).toBe(404);
    const unmappable = await h.fetch("/v1/admin/sources/a/preview", {
      method: "POST",
      headers: { ...AUTH, ...JSON_HEADERS },
      body: JSON.stringify({ name: "Nobody" }),
    });
    expect(unmappable.status).toBe(422);
  });
});

describe("GET /v1/admin/dead-letters", () => {
  it("groups the dead submissions by reason with their count per source", async () => {
    const h = harness();
    const ids = [];
    for (const [source, email] of [
      ["a", "x@example.com"],
      ["a", "y@example.com"],
      ["b", "z@example.com"],
    ]) {
      ids.push((await submit(h, source as string, { email })).id);
    }
    await env.DB.prepare(
      "UPDATE submissions SET status = 'dead', last_error_code = 'close_rejected', last_error_message = 'POST /contact/: refused' WHERE id IN (?, ?, ?)",
    )
      .bind(...ids)
      .run();
    const answer = await admin<{
      total: number;
      groups: { code: string; count: number; by_source: Record<string, number> }[];
    }>(h, "/v1/admin/dead-letters");
    expect(answer.total).toBe(3);
    expect(answer.groups).toEqual([
      expect.objectContaining({
        code: "close_rejected",
        count: 3,
        by_source: { a: 2, b: 1 },
        example: "POST /contact/: refused",
      }),
    ]);
  });
});
