import { env, exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import pkg from "../../package.json" with { type: "json" };
import { bridgeWith, shippedSources } from "../helpers/bridge.ts";

describe("GET /v1/health", () => {
  it("answers ok with the package version and a request id", async () => {
    const response = await exports.default.fetch("http://bridge.test/v1/health");
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true, version: pkg.version, config: "valid" });
    expect(response.headers.get("x-request-id")).toMatch(/^[\w-]{8,}$/);
  });

  it("keeps a well-formed request id the caller sent", async () => {
    const response = await exports.default.fetch("http://bridge.test/v1/health", {
      headers: { "x-request-id": "trace-1234" },
    });
    expect(response.headers.get("x-request-id")).toBe("trace-1234");
  });

  it("is not ok (503) while one source is broken, naming neither the source nor the secret", async () => {
    const sources = { ...shippedSources(), tally_waitlist: { preset: "tally" } };
    const response = await bridgeWith({ SOURCES: sources })("/v1/health");
    expect(response.status).toBe(503);
    const text = await response.text();
    expect(JSON.parse(text)).toEqual({
      ok: false,
      version: pkg.version,
      config: "degraded",
      sources: { working: Object.keys(shippedSources()).length, broken: 1 },
    });
    expect(text).not.toMatch(/tally_waitlist|TALLY_WAITLIST_SECRET/i);
  });

  it("says invalid when no source can work (CLOSE_API_KEY is not set)", async () => {
    const response = await bridgeWith({ CLOSE_API_KEY: "" })("/v1/health");
    expect(response.status).toBe(503);
    expect(await response.json()).toMatchObject({ ok: false, config: "invalid" });
  });

  it("keeps answering while the configuration cannot even be read", async () => {
    const response = await bridgeWith({ ...env, SOURCES: "{not json" })("/v1/health");
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({ ok: false, version: pkg.version, config: "invalid" });
  });
});
