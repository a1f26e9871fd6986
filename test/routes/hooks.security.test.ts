import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { ErrorBody } from "../../src/errors.ts";
import { shippedSources } from "../helpers/bridge.ts";
import {
  DEV_SECRETS,
  PROVIDER_DELIVERIES,
  type ProviderDelivery,
  requestOf,
  ZAPIER_HEADERS,
} from "../helpers/deliveries.ts";
import { queueHarness } from "../helpers/queue.ts";
import { resetWorld } from "../helpers/reset.ts";
import { simContacts, simRequests } from "../helpers/sim.ts";

beforeEach(resetWorld);

/** The shipped configuration with queues the test holds. */
const shipped = () => queueHarness({ SOURCES: shippedSources() });

const countRows = async () =>
  (await env.DB.prepare("SELECT COUNT(*) AS n FROM submissions").first<{ n: number }>())?.n ?? -1;

/** Sends a request that must be refused with `status`/`code` and leave no trace but a log line. */
async function expectRefused(
  h: ReturnType<typeof shipped>,
  [path, init]: [string, RequestInit],
  status: number,
  code: string,
) {
  const rows = await countRows();
  const response = await h.fetch(path, init);
  expect(response.status).toBe(status);
  const error = ErrorBody.parse(await response.json()).error;
  expect(error.code).toBe(code);
  expect(await countRows()).toBe(rows);
  expect(h.sent).toEqual([]);
  expect(await simRequests()).toEqual([]);
  return error;
}

const signed = PROVIDER_DELIVERIES.filter((d) => d.signsBody);
const textOf = (d: ProviderDelivery) =>
  typeof d.body === "string" ? d.body : new TextDecoder().decode(d.body);

describe.each(signed)("the $source source's signature", (delivery) => {
  it("accepts a delivery signed as the provider signs", async () => {
    const h = shipped();
    const response = await h.fetch(...(await requestOf(delivery)));
    expect(response.status).toBe(202);
    expect(h.sent).toHaveLength(1);
  });

  it("refuses a changed byte in the body", async () => {
    const text = textOf(delivery);
    const at = text.indexOf("@");
    const changed = `${text.slice(0, at - 1)}X${text.slice(at)}`;
    const headers = await delivery.sign(delivery.body);
    const error = await expectRefused(
      shipped(),
      await requestOf(delivery, { body: changed, headers }),
      401,
      "unauthorized",
    );
    expect(error.message).toBe("Missing or invalid credentials.");
  });

  it("refuses a signature made with another secret", async () => {
    const headers = await delivery.signWith("whsec_bm90LXRoZS1zZWNyZXQ=", delivery.body);
    await expectRefused(shipped(), await requestOf(delivery, { headers }), 401, "unauthorized");
  });

  it("refuses a delivery without its signature headers", async () => {
    await expectRefused(shipped(), await requestOf(delivery, { headers: {} }), 401, "unauthorized");
  });

  it("refuses a signature over re-serialized JSON", async () => {
    const compact = JSON.stringify(JSON.parse(textOf(delivery)));
    expect(compact).not.toBe(textOf(delivery));
    const headers = await delivery.sign(compact);
    await expectRefused(shipped(), await requestOf(delivery, { headers }), 401, "unauthorized");
  });
});

describe.each(signed.filter((d) => d.timestamped))("the $source source's timestamp", (delivery) => {
  it("refuses a stale timestamp and a future one (replays)", async () => {
    for (const skewMs of [-6 * 60_000, 6 * 60_000]) {
      const headers = await delivery.sign(delivery.body, Date.now() + skewMs);
      await expectRefused(shipped(), await requestOf(delivery, { headers }), 401, "unauthorized");
    }
  });
});

describe("token senders", () => {
  // A new event id each time, so that no delivery is a replay of another.
  const zapier = (headers: Record<string, string>, search = ""): [string, RequestInit] => [
    `/v1/hooks/zapier${search}`,
    {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body: JSON.stringify({ id: crypto.randomUUID(), email: "grace@example.com" }),
    },
  ];

  it("accepts the token as Bearer or X-Bridge-Token", async () => {
    const token = DEV_SECRETS.ZAPIER_TOKEN as string;
    for (const headers of [ZAPIER_HEADERS, { "X-Bridge-Token": token }]) {
      const h = shipped();
      expect((await h.fetch(...zapier(headers))).status).toBe(202);
    }
  });

  it("refuses a wrong or missing token, and a query token where the source does not allow one", async () => {
    await expectRefused(shipped(), zapier({ authorization: "Bearer wrong" }), 401, "unauthorized");
    await expectRefused(shipped(), zapier({}), 401, "unauthorized");
    await expectRefused(
      shipped(),
      zapier({}, `?token=${DEV_SECRETS.ZAPIER_TOKEN}`),
      401,
      "unauthorized",
    );
  });

  it("accepts Jotform's token in the URL, and refuses a wrong one", async () => {
    const jotform = PROVIDER_DELIVERIES.find((d) => d.source === "jotform") as ProviderDelivery;
    const h = shipped();
    expect((await h.fetch(...(await requestOf(jotform)))).status).toBe(202);
    await expectRefused(
      shipped(),
      await requestOf(jotform, { search: "?token=wrong" }),
      401,
      "unauthorized",
    );
  });
});

describe("the public website form", () => {
  const form = (
    headers: Record<string, string>,
    fields: Record<string, string> = { email: "ada@example.com" },
  ): [string, RequestInit] => [
    "/v1/hooks/website",
    {
      method: "POST",
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        accept: "application/json",
        ...headers,
      },
      body: new URLSearchParams(fields),
    },
  ];

  it("refuses another site's page with 403 origin_refused", async () => {
    await expectRefused(shipped(), form({ origin: "https://evil.example" }), 403, "origin_refused");
  });

  it("reads Referer when there is no Origin", async () => {
    const h = shipped();
    expect(
      (await h.fetch(...form({ referer: "http://127.0.0.1:8789/contact-form.html" }))).status,
    ).toBe(202);
    await expectRefused(
      shipped(),
      form({ referer: "https://evil.example/form" }),
      403,
      "origin_refused",
    );
  });

  it("refuses a post with neither Origin nor Referer", async () => {
    await expectRefused(shipped(), form({}), 403, "origin_refused");
  });

  /** An answer as a bot can compare it: status, header names, and each body value's shape. */
  async function lookOf(response: Response) {
    const body = (await response.json()) as Record<string, string>;
    return {
      status: response.status,
      headers: [...response.headers.keys()].sort(),
      // An id's random part becomes x's: `cont_x...x` (43), `sub_x...x` (26); words stay.
      body: Object.fromEntries(
        Object.entries(body).map(([key, value]) => [
          key,
          value.replace(/(?<=_)[A-Za-z0-9]+$/, (random) => "x".repeat(random.length)),
        ]),
      ),
    };
  }

  it.each(["queue", "sync"])(
    "answers a filled honeypot in %s mode exactly like a success, and records and sends nothing",
    async (mode) => {
      const logs: string[] = [];
      vi.spyOn(console, "log").mockImplementation((line: string) => void logs.push(line));
      const sources = shippedSources();
      const h = queueHarness({ SOURCES: { ...sources, website: { ...sources.website, mode } } });
      const origin = { origin: "http://127.0.0.1:8789" };
      const rows = await countRows();
      const spam = await h.fetch(
        ...form(origin, { email: "bot@example.com", _gotcha: "http://spam.example" }),
      );
      expect(await countRows()).toBe(rows);
      expect(h.sent).toEqual([]);
      expect(await simRequests()).toEqual([]);
      expect(logs.some((line) => line.includes('"event":"submission.spam"'))).toBe(true);

      const real = await h.fetch(...form(origin, { email: "ada@example.com" }));
      expect(real.status).toBe(mode === "queue" ? 202 : 201);
      expect(await lookOf(spam)).toEqual(await lookOf(real));
      vi.restoreAllMocks();
    },
  );

  it("redirects a filled honeypot to the thank-you page like a real post", async () => {
    const h = shipped();
    const [path, init] = form(
      { origin: "http://127.0.0.1:8789", accept: "text/html" },
      { email: "bot@example.com", _gotcha: "x" },
    );
    const response = await h.fetch(path, { ...init, redirect: "manual" });
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe("http://127.0.0.1:8789/thanks.html");
    expect(h.sent).toEqual([]);
  });
});

describe("CORS for a listed origin", () => {
  // Listed as people write it, with a trailing slash; browsers send Origin without one.
  const corsSource = () =>
    queueHarness({
      SOURCES: { site: { preset: "form", allowed_origins: ["http://localhost:8789/"] } },
    });
  const ORIGIN = "http://localhost:8789";

  it("answers the preflight of an origin listed with a trailing slash", async () => {
    const response = await corsSource().fetch("/v1/hooks/site", {
      method: "OPTIONS",
      headers: {
        origin: ORIGIN,
        "access-control-request-method": "POST",
        "access-control-request-headers": "content-type",
      },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get("access-control-allow-origin")).toBe(ORIGIN);
    expect(response.headers.get("access-control-allow-methods")).toContain("POST");
  });

  it("lets the page read the answer to its post", async () => {
    const h = corsSource();
    const response = await h.fetch("/v1/hooks/site", {
      method: "POST",
      headers: {
        origin: ORIGIN,
        accept: "application/json",
        "content-type": "application/x-www-form-urlencoded",
      },
      body: new URLSearchParams({ email: "ada@example.com" }),
    });
    expect(response.status).toBe(202);
    expect(response.headers.get("access-control-allow-origin")).toBe(ORIGIN);
    expect(h.sent).toHaveLength(1);
  });
});

describe("Turnstile", () => {
  const turnstileSource = () =>
    queueHarness({
      SOURCES: { t: { preset: "form", turnstile: true } },
      TURNSTILE_VERIFY_URL: "http://close.test/turnstile/v0/siteverify",
    });
  const post = (token?: string): [string, RequestInit] => [
    "/v1/hooks/t",
    {
      method: "POST",
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        accept: "application/json",
        "cf-connecting-ip": "203.0.113.9",
      },
      body: new URLSearchParams({
        email: "ada@example.com",
        ...(token ? { "cf-turnstile-response": token } : {}),
      }),
    },
  ];

  it("accepts a token siteverify passes, and only once", async () => {
    const h = turnstileSource();
    const token = `test-pass-${crypto.randomUUID()}`;
    expect((await h.fetch(...post(token))).status).toBe(202);
    const again = await h.fetch(...post(token));
    expect(again.status).toBe(403);
  });

  it.each([
    ["a failing token", "test-fail"],
    ["an expired token", "test-expired"],
    ["no token", undefined],
  ])("refuses %s with 403 turnstile_failed", async (_, token) => {
    const h = turnstileSource();
    const response = await h.fetch(...post(token));
    expect(response.status).toBe(403);
    expect(ErrorBody.parse(await response.json()).error.code).toBe("turnstile_failed");
    expect(h.sent).toEqual([]);
  });

  it("never puts the Turnstile token in the note", async () => {
    const h = turnstileSource();
    const response = await h.fetch(...post(`test-pass-${crypto.randomUUID()}`));
    const { id } = (await response.json()) as { id: string };
    await h.consume([{ id }]);
    expect((await simContacts())[0]).toBeTruthy();
    const row = await env.DB.prepare("SELECT draft FROM submissions WHERE id = ?")
      .bind(id)
      .first<{ draft: string }>();
    expect(row?.draft).not.toContain("test-pass");
  });
});

describe("the per-IP rate limit", () => {
  it("answers 429 rate_limited with Retry-After when the binding says no", async () => {
    const h = queueHarness({
      SOURCES: { r: { preset: "json", allow_unprotected: true, rate_limit: true } },
      RATE_LIMITER: { limit: async () => ({ success: false }) },
    });
    const response = await h.fetch("/v1/hooks/r", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: "ada@example.com" }),
    });
    expect(response.status).toBe(429);
    expect(response.headers.get("retry-after")).toBe("60");
    expect(ErrorBody.parse(await response.json()).error.code).toBe("rate_limited");
  });

  it("limits one address through the real binding and leaves others alone", async () => {
    const h = queueHarness({
      SOURCES: { r: { preset: "json", allow_unprotected: true, rate_limit: true } },
    });
    const post = (ip: string) =>
      h.fetch("/v1/hooks/r", {
        method: "POST",
        headers: { "content-type": "application/json", "cf-connecting-ip": ip },
        body: "{}",
      });
    const flooder = `198.51.100.${Math.floor(Math.random() * 200) + 1}`;
    const statuses: number[] = [];
    for (let i = 0; i < 101; i++) statuses.push((await post(flooder)).status);
    expect(statuses.slice(0, 100).every((status) => status === 422)).toBe(true);
    expect(statuses[100]).toBe(429);
    expect((await post("192.0.2.44")).status).toBe(422);
  });
});
