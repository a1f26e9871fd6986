import { env } from "cloudflare:workers";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ErrorBody } from "../../src/errors.ts";
import { loadSubmission } from "../../src/store/submissions.ts";
import { bridgeWith, callBridge, EXAMPLE_FORM_HEADERS, formBody } from "../helpers/bridge.ts";
import { queueHarness } from "../helpers/queue.ts";
import { resetWorld } from "../helpers/reset.ts";
import { closeApi, setFaults, simContacts, simRequests, simRequestsAbout } from "../helpers/sim.ts";

beforeEach(resetWorld);
afterEach(() => {
  vi.restoreAllMocks();
});

const ZAPIER = {
  "content-type": "application/json",
  authorization: "Bearer dev-zapier-token-change-me-in-production",
};

async function errorOf(response: Response) {
  return ErrorBody.parse(await response.json()).error;
}

describe("submissions refused before Close", () => {
  const cases: [string, string, RequestInit, number, string][] = [
    [
      "neither email nor phone",
      "/v1/hooks/website",
      { headers: EXAMPLE_FORM_HEADERS, body: formBody({ name: "Ada", message: "hi" }) },
      422,
      "unmappable",
    ],
    [
      "an invalid email",
      "/v1/hooks/website",
      { headers: EXAMPLE_FORM_HEADERS, body: formBody({ email: "ada@" }) },
      422,
      "unmappable",
    ],
    [
      "broken JSON",
      "/v1/hooks/zapier",
      { headers: ZAPIER, body: '{"email": ' },
      400,
      "malformed_body",
    ],
    ["an unknown source", "/v1/hooks/nope", { headers: ZAPIER, body: "{}" }, 404, "unknown_source"],
    [
      "no content type",
      "/v1/hooks/zapier",
      { headers: { authorization: ZAPIER.authorization }, body: new Uint8Array([123, 125]) },
      415,
      "unsupported_media_type",
    ],
    [
      "XML",
      "/v1/hooks/zapier",
      { headers: { ...ZAPIER, "content-type": "application/xml" }, body: "<a/>" },
      415,
      "unsupported_media_type",
    ],
    [
      "a body over max_body_kb",
      "/v1/hooks/zapier",
      {
        headers: ZAPIER,
        body: JSON.stringify({ email: "a@example.com", pad: "x".repeat(70_000) }),
      },
      413,
      "payload_too_large",
    ],
    [
      "a JSON array of nothing",
      "/v1/hooks/zapier",
      { headers: ZAPIER, body: "[]" },
      422,
      "unmappable",
    ],
  ];

  it.each(cases)(
    "answers %s with its code and sends nothing to Close",
    async (_, path, init, status, code) => {
      const response = await callBridge(path, { method: "POST", ...init });
      expect(response.status).toBe(status);
      const error = await errorOf(response);
      expect(error.code).toBe(code);
      expect(error.request_id).toBe(response.headers.get("x-request-id"));
      expect(await simRequests()).toEqual([]);
    },
  );

  it("says which field failed and why", async () => {
    const response = await callBridge("/v1/hooks/website", {
      method: "POST",
      headers: EXAMPLE_FORM_HEADERS,
      body: formBody({ name: "Ada" }),
    });
    const error = await errorOf(response);
    expect(error.details).toEqual([
      { field: "email", problem: expect.stringContaining("neither an email nor a phone") },
    ]);
  });

  it("refuses a streamed body over the limit without a Content-Length", async () => {
    const chunk = new TextEncoder().encode("x".repeat(16 * 1024));
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent++ >= 8) controller.close();
        else controller.enqueue(chunk);
      },
    });
    const response = await callBridge("/v1/hooks/zapier", {
      method: "POST",
      headers: ZAPIER,
      body,
      duplex: "half",
    } as RequestInit);
    expect(response.status).toBe(413);
  });

  it("redirects a failed browser post to the error page with the code", async () => {
    const response = await callBridge("/v1/hooks/website", {
      method: "POST",
      headers: {
        origin: "http://127.0.0.1:8789",
        "content-type": "application/x-www-form-urlencoded",
      },
      body: formBody({ name: "Ada" }),
      redirect: "manual",
    });
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe(
      "http://127.0.0.1:8789/error.html?error=unmappable",
    );
  });

  it("never answers 500 to a hostile body", async () => {
    const bodies = [
      "\u0000\u0001",
      "{".repeat(5000),
      '{"__proto__":{"email":"x@y.z"}}',
      "null",
      '"text"',
      "1e999",
      '{"email": ["a@example.com", {"x": []}]}',
    ];
    for (const body of bodies) {
      const response = await callBridge("/v1/hooks/zapier", {
        method: "POST",
        headers: ZAPIER,
        body,
      });
      expect(response.status, body.slice(0, 20)).toBeLessThan(500);
    }
  });
});

describe("Close failing in sync mode", () => {
  const bridge = () =>
    bridgeWith({
      SOURCES: { s: { preset: "json", allow_unprotected: true, mode: "sync" } },
      CLOSE_TIMEOUT_MS: "500",
    });
  // Each test's own email, so that the queue's background deliveries of other tests' submissions
  // do not count as this test's requests.
  const send = (email: string) =>
    bridge()("/v1/hooks/s", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email }),
    });
  const requestLines = async (email: string) =>
    (await simRequestsAbout(email)).map((r) => `${r.status} ${r.method} ${r.path}`);

  it("waits out a 429 for the time Close's RateLimit header gives, then succeeds", async () => {
    await setFaults({ rate_limit: { limit: 1, window_s: 1 } });
    // Use up the search window so that the bridge's own search is refused once.
    await closeApi("POST", "/data/search/", {
      query: { type: "and", queries: [{ type: "object_type", object_type: "lead" }] },
    });
    const response = await send("wait-429@example.com");
    expect(response.status).toBe(201);
    expect(await requestLines("wait-429@example.com")).toEqual([
      "429 POST /api/v1/data/search/",
      "200 POST /api/v1/data/search/",
      "200 POST /api/v1/contact/",
    ]);
  });

  /** The sender's answer when Close could not finish: recorded, and the queue delivers it. */
  async function expectQueued(response: Response, email: string) {
    expect(response.status).toBe(202);
    const answer = (await response.json()) as { id: string; status: string };
    expect(answer).toEqual({ id: expect.stringMatching(/^sub_/), status: "queued" });
    const stored = await loadSubmission(env.DB, answer.id);
    expect(stored).toMatchObject({ status: "retrying", next_attempt_at: expect.any(Number) });
    expect(JSON.stringify(stored?.draft)).toContain(email);
    return stored;
  }

  it("hands the submission to the queue at once (202 queued) when Close's 429 asks to wait more than 5 s", async () => {
    await setFaults({ rate_limit: { limit: 1, window_s: 30 } });
    // Use up the search window: the bridge's search is refused until the window ends, ~30 s on.
    await closeApi("POST", "/data/search/", {
      query: { type: "and", queries: [{ type: "object_type", object_type: "lead" }] },
    });
    const stored = await expectQueued(await send("long-429@example.com"), "long-429@example.com");
    // Back after the window, and the rate limit cost no attempt.
    expect(stored?.next_attempt_at).toBeGreaterThan(Date.now() + 20_000);
    expect(stored?.attempts).toBe(0);
    // One request: the bridge neither waited the window out nor tried again within the request.
    expect(await requestLines("long-429@example.com")).toEqual(["429 POST /api/v1/data/search/"]);
  });

  it("hands the submission to the queue when Close keeps answering 429", async () => {
    // No request is ever allowed: every answer is a 429 whose window ends within a second.
    await setFaults({ rate_limit: { limit: 0, window_s: 1 } });
    await expectQueued(await send("always-429@example.com"), "always-429@example.com");
    expect(await requestLines("always-429@example.com")).toEqual(
      Array(3).fill("429 POST /api/v1/data/search/"),
    );
  });

  it("retries a 503 and succeeds", async () => {
    await setFaults({ fail_next: 1, error_status: 503 });
    const response = await send("retry-503@example.com");
    expect(response.status).toBe(201);
    expect(await requestLines("retry-503@example.com")).toEqual([
      "503 POST /api/v1/data/search/",
      "200 POST /api/v1/data/search/",
      "200 POST /api/v1/contact/",
    ]);
  });

  it("hands the submission to the queue after three failed searches", async () => {
    await setFaults({ error_rate: 1, error_status: 503 });
    await expectQueued(await send("down-503@example.com"), "down-503@example.com");
    expect(await requestLines("down-503@example.com")).toEqual(
      Array(3).fill("503 POST /api/v1/data/search/"),
    );
  });

  it("never sends a write again whose answer was lost: the queue resumes it once Close's search has settled", async () => {
    // Close creates the contact, but its answer never reaches the bridge.
    const realFetch = globalThis.fetch;
    let lost = 0;
    vi.spyOn(globalThis, "fetch").mockImplementation(async (input, init) => {
      const response = await realFetch(input, init);
      const url = input instanceof Request ? input.url : String(input);
      if (init?.method === "POST" && url.endsWith("/contact/") && lost === 0) {
        lost += 1;
        throw new DOMException("The operation timed out.", "TimeoutError");
      }
      return response;
    });
    const h = queueHarness({
      SOURCES: { s: { preset: "json", allow_unprotected: true, mode: "sync" } },
    });
    const before = Date.now();
    const response = await h.fetch("/v1/hooks/s", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: "lost@example.com" }),
    });
    const stored = await expectQueued(response, "lost@example.com");
    vi.restoreAllMocks();
    expect(await requestLines("lost@example.com")).toEqual([
      "200 POST /api/v1/data/search/",
      "200 POST /api/v1/contact/",
    ]);
    expect(stored).toMatchObject({ last_error_code: "close_unavailable", turn: 1 });
    // Not before SEARCH_SETTLE_S (1 s in these tests).
    expect(stored?.next_attempt_at).toBeGreaterThanOrEqual(before + 1000);
    expect(h.sent).toEqual([{ id: stored?.id, turn: 1 }]);
    // The queue resumes it: it finds the contact Close made and makes no second one.
    await h.drain();
    expect(await loadSubmission(env.DB, stored?.id ?? "")).toMatchObject({ status: "delivered" });
    expect(await simContacts()).toHaveLength(1);
  });

  it("hands the submission to the queue when Close does not answer in time", async () => {
    await setFaults({ timeout_rate: 1, timeout_ms: 3000 });
    await expectQueued(await send("slow@example.com"), "slow@example.com");
  });

  it("redirects a browser form to its thank-you page when the submission goes to the queue", async () => {
    const form = bridgeWith({
      SOURCES: {
        f: {
          preset: "form",
          mode: "sync",
          allowed_origins: ["http://127.0.0.1:8789"],
          redirect: "http://127.0.0.1:8789/thanks.html",
        },
      },
    });
    await setFaults({ error_rate: 1, error_status: 503 });
    const response = await form("/v1/hooks/f", {
      method: "POST",
      headers: {
        origin: "http://127.0.0.1:8789",
        "content-type": "application/x-www-form-urlencoded",
      },
      body: formBody({ email: "form-queued@example.com" }),
      redirect: "manual",
    });
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe("http://127.0.0.1:8789/thanks.html");
  });

  it("passes Close's field errors on as 502 close_rejected", async () => {
    const rejected = bridgeWith({
      SOURCES: {
        s: {
          preset: "json",
          allow_unprotected: true,
          mode: "sync",
          lead: "lead_doesNotExist0000000000000000000000000000",
        },
      },
    });
    const response = await rejected("/v1/hooks/s", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: "ada@example.com" }),
    });
    expect(response.status).toBe(502);
    const error = await errorOf(response);
    expect(error.code).toBe("close_rejected");
    expect(error.details).toEqual([{ field: "lead", problem: "Object does not exist." }]);
  });

  it("hands the submission to the queue when Close refuses the key, never showing the key", async () => {
    const wrongKey = bridgeWith({
      SOURCES: { s: { preset: "json", allow_unprotected: true, mode: "sync" } },
      CLOSE_API_KEY: "api_wrong",
    });
    const response = await wrongKey("/v1/hooks/s", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: "wrong-key@example.com" }),
    });
    const text = await response.clone().text();
    const stored = await expectQueued(response, "wrong-key@example.com");
    expect(stored?.last_error_code).toBe("close_auth_failed");
    // An operator may be fixing the key: the queue tries again no sooner than 15 minutes on.
    expect(stored?.next_attempt_at).toBeGreaterThan(Date.now() + 14 * 60_000);
    expect(text).not.toContain("api_wrong");
  });
});
