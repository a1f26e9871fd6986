import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { signGenericHmac } from "../authenticate/sign.ts";
import { shippedSources } from "../helpers/bridge.ts";
import { PROVIDER_DELIVERIES, requestOf, ZAPIER_HEADERS } from "../helpers/deliveries.ts";
import { queueHarness } from "../helpers/queue.ts";
import { resetWorld } from "../helpers/reset.ts";

beforeEach(resetWorld);

const JSON_HEADERS = { "content-type": "application/json" };

type Answer = { id: string; status: string };

async function send(h: ReturnType<typeof queueHarness>, [path, init]: [string, RequestInit]) {
  const response = await h.fetch(path, init);
  return { response, answer: (await response.json()) as Answer };
}

/** Moves a submission back in time, as if it had arrived `seconds` ago. */
async function age(id: string, seconds: number) {
  await env.DB.prepare("UPDATE submissions SET received_at = received_at - ? WHERE id = ?")
    .bind(seconds * 1000, id)
    .run();
}

describe("dedupe_window_s", () => {
  const windowed = () =>
    queueHarness({
      SOURCES: {
        s: { preset: "json", allow_unprotected: true, dedupe_key: "event", dedupe_window_s: 60 },
      },
    });
  const post = (body: Record<string, unknown>, headers: Record<string, string> = {}) =>
    [
      "/v1/hooks/s",
      { method: "POST", headers: { ...JSON_HEADERS, ...headers }, body: JSON.stringify(body) },
    ] as [string, RequestInit];

  it.each([
    ["an Idempotency-Key", { email: "ada@example.com" }, { "idempotency-key": "order-42" }],
    ["a sender's event id", { event: "evt_42", email: "ada@example.com" }, {}],
  ])(
    "does not expire %s: a delivery after the window is still the first one",
    async (_, body, headers) => {
      const h = windowed();
      const first = await send(h, post(body, headers));
      expect(first.response.status).toBe(202);
      await age(first.answer.id, 61);
      const again = await send(h, post(body, headers));
      expect(again.response.status).toBe(200);
      expect(again.response.headers.get("idempotent-replayed")).toBe("true");
      expect(again.answer).toEqual({ id: first.answer.id, status: "queued" });
      expect(h.sent).toEqual([{ id: first.answer.id, turn: 0 }]);
    },
  );
});

describe("a captured signed delivery replayed under a fresh Idempotency-Key", () => {
  const signed = PROVIDER_DELIVERIES.filter((d) => d.signsBody);

  it.each(signed.map((d) => [d.source, d] as const))(
    "is the same %s submission, answered as a replay",
    async (_, delivery) => {
      const h = queueHarness({ SOURCES: shippedSources() });
      const headers = await delivery.sign(delivery.body);
      const first = await send(
        h,
        await requestOf(delivery, { headers: { ...headers, "Idempotency-Key": "captured-1" } }),
      );
      expect(first.response.status).toBe(202);
      const replay = await send(
        h,
        await requestOf(delivery, { headers: { ...headers, "Idempotency-Key": "fresh-2" } }),
      );
      expect(replay.response.status).toBe(200);
      expect(replay.response.headers.get("idempotent-replayed")).toBe("true");
      expect(replay.answer.id).toBe(first.answer.id);
      expect(h.sent).toEqual([{ id: first.answer.id, turn: 0 }]);
    },
  );

  it("is the same submission on a generic hmac source with a dedupe_key", async () => {
    const rule = { header: "x-signature" };
    const h = queueHarness({
      SOURCES: {
        s: {
          preset: "json",
          auth: { type: "hmac", secret: "HOOK_SECRET", ...rule },
          dedupe_key: "id",
        },
      },
      HOOK_SECRET: "hook-secret-for-tests",
    });
    const body = JSON.stringify({ id: "evt_7", email: "ada@example.com" });
    const signature = await signGenericHmac(rule, "hook-secret-for-tests", body);
    const delivery = (key: string): [string, RequestInit] => [
      "/v1/hooks/s",
      { method: "POST", headers: { ...JSON_HEADERS, ...signature, "Idempotency-Key": key }, body },
    ];
    const first = await send(h, delivery("captured-1"));
    const replay = await send(h, delivery("fresh-2"));
    expect(first.response.status).toBe(202);
    expect(replay.response.headers.get("idempotent-replayed")).toBe("true");
    expect(replay.answer.id).toBe(first.answer.id);
  });
});

describe("a token source", () => {
  it("still lets the Idempotency-Key header come before the event id", async () => {
    const h = queueHarness({ SOURCES: shippedSources() });
    const body = JSON.stringify({ id: "zap_1", email: "ada@example.com" });
    const post = (key: string): [string, RequestInit] => [
      "/v1/hooks/zapier",
      {
        method: "POST",
        headers: { ...JSON_HEADERS, ...ZAPIER_HEADERS, "Idempotency-Key": key },
        body,
      },
    ];
    const a = await send(h, post("first"));
    const b = await send(h, post("second"));
    expect([a.response.status, b.response.status]).toEqual([202, 202]);
    expect(b.answer.id).not.toBe(a.answer.id);
  });
});

describe("a redelivery of a dead submission", () => {
  const SOURCE_PAGE = "cf_u8jzPde0IgxLd6GncfBAepfJBd0Kh8oOOL8dKLzdocJ";
  const TYPO = "cf_u8jzPde0IgxLd6GncfBAepfJBd0KhBoOOL8dKLzdocJ";
  /** Zapier as shipped, with the page mapped to a contact custom field `id`. */
  const zapier = (id: string, mode: "queue" | "sync" = "queue") =>
    queueHarness({
      SOURCES: {
        ...shippedSources(),
        zapier: {
          ...shippedSources().zapier,
          mode,
          fields: { email: "email", [`custom.${id}`]: "page" },
        },
      },
    });
  const delivery = (page: string) =>
    [
      "/v1/hooks/zapier",
      {
        method: "POST",
        headers: { ...JSON_HEADERS, ...ZAPIER_HEADERS },
        body: JSON.stringify({ id: "zap-77", email: "ada@example.com", page }),
      },
    ] as [string, RequestInit];

  async function deadOnTypo() {
    const broken = zapier(TYPO);
    const first = await send(broken, delivery("https://example.com/a"));
    expect(first.response.status).toBe(202);
    await broken.drain();
    const row = await env.DB.prepare("SELECT status FROM submissions WHERE id = ?")
      .bind(first.answer.id)
      .first<{ status: string }>();
    expect(row?.status).toBe("dead");
    return first.answer.id;
  }

  it("is a new attempt of it, mapped anew (202), then delivered", async () => {
    const id = await deadOnTypo();
    const fixed = zapier(SOURCE_PAGE);
    const again = await send(fixed, delivery("https://example.com/b"));
    expect(again.response.status).toBe(202);
    expect(again.answer).toEqual({ id, status: "queued" });
    expect(again.response.headers.get("idempotent-replayed")).toBeNull();
    // A new turn: this message is the submission's current one.
    expect(fixed.sent).toEqual([{ id, turn: 1 }]);
    await fixed.drain();
    const row = await env.DB.prepare("SELECT status, draft FROM submissions WHERE id = ?")
      .bind(id)
      .first<{ status: string; draft: string }>();
    expect(row?.status).toBe("delivered");
    // The new delivery's own data is what was mapped.
    expect(JSON.parse(row?.draft ?? "{}").custom).toEqual({
      [SOURCE_PAGE]: "https://example.com/b",
    });

    // Delivered now: a further redelivery is a duplicate, as before.
    const third = await send(fixed, delivery("https://example.com/c"));
    expect(third.response.status).toBe(200);
    expect(third.answer).toMatchObject({ id, status: "created" });
  });

  it("is taken up once when two redeliveries race", async () => {
    const id = await deadOnTypo();
    const fixed = zapier(SOURCE_PAGE);
    const answers = await Promise.all([
      send(fixed, delivery("https://example.com/b")),
      send(fixed, delivery("https://example.com/b")),
    ]);
    expect(answers.map((a) => a.response.status).sort()).toEqual([200, 202]);
    expect(answers.every((a) => a.answer.id === id)).toBe(true);
    expect(fixed.sent).toEqual([{ id, turn: 1 }]);
  });

  it("is delivered in the request on a sync source", async () => {
    const id = await deadOnTypo();
    const again = await send(zapier(SOURCE_PAGE, "sync"), delivery("https://example.com/b"));
    expect(again.response.status).toBe(201);
    expect(again.answer).toMatchObject({ id, status: "created" });
  });
});
