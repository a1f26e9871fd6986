import { beforeEach, describe, expect, it } from "vitest";
import { ErrorBody } from "../../src/errors.ts";
import { bridgeWith, callBridge, EXAMPLE_FORM_HEADERS, formBody } from "../helpers/bridge.ts";
import { resetWorld } from "../helpers/reset.ts";
import { closeApi, setFaults, simRequests, simRequestsAbout } from "../helpers/sim.ts";

beforeEach(resetWorld);

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

  it("answers 503 close_unavailable at once when Close's 429 asks to wait more than 5 s", async () => {
    await setFaults({ rate_limit: { limit: 1, window_s: 30 } });
    // Use up the search window: the bridge's search is refused until the window ends, ~30 s on.
    await closeApi("POST", "/data/search/", {
      query: { type: "and", queries: [{ type: "object_type", object_type: "lead" }] },
    });
    const response = await send("long-429@example.com");
    expect(response.status).toBe(503);
    expect((await errorOf(response)).code).toBe("close_unavailable");
    expect(Number(response.headers.get("retry-after"))).toBeGreaterThan(5);
    // One request: the bridge neither waited the window out nor tried again within the request.
    expect(await requestLines("long-429@example.com")).toEqual(["429 POST /api/v1/data/search/"]);
  });

  it("answers 503 close_unavailable when Close keeps answering 429", async () => {
    // No request is ever allowed: every answer is a 429 whose window ends within a second.
    await setFaults({ rate_limit: { limit: 0, window_s: 1 } });
    const response = await send("always-429@example.com");
    expect(response.status).toBe(503);
    expect((await errorOf(response)).code).toBe("close_unavailable");
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

  it("answers 503 close_unavailable after three failed attempts, and keeps the submission", async () => {
    await setFaults({ error_rate: 1, error_status: 503 });
    const response = await send("down-503@example.com");
    expect(response.status).toBe(503);
    expect((await errorOf(response)).code).toBe("close_unavailable");
    expect(response.headers.get("retry-after")).toBeTruthy();
    expect(await requestLines("down-503@example.com")).toEqual(
      Array(3).fill("503 POST /api/v1/data/search/"),
    );
  });

  it("answers 503 when Close does not answer in time", async () => {
    await setFaults({ timeout_rate: 1, timeout_ms: 3000 });
    const response = await send("slow@example.com");
    expect(response.status).toBe(503);
    expect((await errorOf(response)).code).toBe("close_unavailable");
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

  it("answers 502 close_auth_failed when Close refuses the key", async () => {
    const wrongKey = bridgeWith({
      SOURCES: { s: { preset: "json", allow_unprotected: true, mode: "sync" } },
      CLOSE_API_KEY: "api_wrong",
    });
    const response = await wrongKey("/v1/hooks/s", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: "ada@example.com" }),
    });
    expect(response.status).toBe(502);
    const error = await errorOf(response);
    expect(error.code).toBe("close_auth_failed");
    expect(JSON.stringify(error)).not.toContain("api_wrong");
  });
});
