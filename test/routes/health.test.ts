import { exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import pkg from "../../package.json" with { type: "json" };

describe("GET /v1/health", () => {
  it("answers ok with the package version and a request id", async () => {
    const response = await exports.default.fetch("http://bridge.test/v1/health");
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true, version: pkg.version });
    expect(response.headers.get("x-request-id")).toMatch(/^[\w-]{8,}$/);
  });

  it("keeps a well-formed request id the caller sent", async () => {
    const response = await exports.default.fetch("http://bridge.test/v1/health", {
      headers: { "x-request-id": "trace-1234" },
    });
    expect(response.headers.get("x-request-id")).toBe("trace-1234");
  });
});
