import { env, exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { createApp } from "../src/app.ts";
import { BridgeError, ErrorBody, ErrorCode, statusOf, toBridgeError } from "../src/errors.ts";

const ctx = {
  waitUntil() {},
  passThroughOnException() {},
  props: {},
} as unknown as ExecutionContext;

describe("the error model", () => {
  it("gives every code a 4xx or 5xx status, and 500 only to internal_error", () => {
    for (const code of ErrorCode.options) {
      const status = statusOf(code);
      expect(status).toBeGreaterThanOrEqual(400);
      expect(status < 500 || code !== "internal_error" || status === 500).toBe(true);
      if (status === 500) expect(code).toBe("internal_error");
    }
  });

  it("maps the documented codes to the documented statuses", () => {
    expect(statusOf("malformed_body")).toBe(400);
    expect(statusOf("unauthorized")).toBe(401);
    expect(statusOf("origin_refused")).toBe(403);
    expect(statusOf("turnstile_failed")).toBe(403);
    expect(statusOf("unknown_source")).toBe(404);
    expect(statusOf("payload_too_large")).toBe(413);
    expect(statusOf("unsupported_media_type")).toBe(415);
    expect(statusOf("unmappable")).toBe(422);
    expect(statusOf("rate_limited")).toBe(429);
    expect(statusOf("close_rejected")).toBe(502);
    expect(statusOf("config_invalid")).toBe(503);
  });

  it("turns an unknown failure into internal_error without its message", () => {
    const error = toBridgeError(new TypeError("secret=abc123 leaked"));
    expect(error.code).toBe("internal_error");
    expect(error.message).not.toContain("abc123");
  });
});

describe("error answers", () => {
  it("answers an unknown route with a JSON 404 carrying the request id", async () => {
    const response = await exports.default.fetch("http://bridge.test/nope");
    expect(response.status).toBe(404);
    const body = ErrorBody.parse(await response.json());
    expect(body.error.code).toBe("not_found");
    expect(body.error.request_id).toBe(response.headers.get("x-request-id"));
  });

  it("answers an unknown source with 404 unknown_source", async () => {
    const response = await exports.default.fetch("http://bridge.test/v1/hooks/nosuch", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{}",
    });
    expect(response.status).toBe(404);
    expect(ErrorBody.parse(await response.json()).error.code).toBe("unknown_source");
  });

  it("passes a BridgeError's extra headers through", async () => {
    const app = createApp();
    app.get("/boom", () => {
      throw new BridgeError("rate_limited", "Slow down.", { headers: { "Retry-After": "7" } });
    });
    const response = await app.fetch(new Request("http://bridge.test/boom"), env, ctx);
    expect(response.status).toBe(429);
    expect(response.headers.get("retry-after")).toBe("7");
    expect(response.headers.get("x-request-id")).toBeTruthy();
  });
});
