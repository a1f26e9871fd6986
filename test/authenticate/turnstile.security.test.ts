// Turnstile against the simulator's siteverify (every outbound fetch of the bridge's tests
// reaches it): a passing token passes once; failing, expired, spent and missing tokens are
// refused; an unreachable, failing or unreadable siteverify refuses too, each with its reason.
import { describe, expect, it, vi } from "vitest";
import { verifyTurnstile } from "../../src/authenticate/turnstile.ts";

const VERIFY_URL = "http://sim.test/turnstile/v0/siteverify";
const SECRET = "0x4AAAAAAAdevelopmentSecret";
const DUMMY_TOKEN = "XXXX.DUMMY.TOKEN.XXXX";

const fresh = (kind: string) => `test-${kind}-${crypto.randomUUID()}`;
const verify = (token: string | null, secret = SECRET) =>
  verifyTurnstile({ token, remoteIp: "203.0.113.7", secret, verifyUrl: VERIFY_URL });

describe("a Turnstile token", () => {
  it("passes when siteverify says so", async () => {
    expect(await verify(fresh("pass"))).toEqual({ ok: true });
  });

  it("is refused the second time (a token is valid once)", async () => {
    const token = fresh("pass");
    expect(await verify(token)).toEqual({ ok: true });
    expect(await verify(token)).toEqual({
      ok: false,
      reason: expect.stringMatching(/timeout-or-duplicate/),
    });
  });

  it("is refused when siteverify fails it", async () => {
    expect(await verify("test-fail")).toEqual({
      ok: false,
      reason: expect.stringMatching(/invalid-input-response/),
    });
  });

  it("is refused when expired", async () => {
    expect(await verify("test-expired")).toEqual({
      ok: false,
      reason: expect.stringMatching(/timeout-or-duplicate/),
    });
  });

  it.each([null, "", "   "])(
    "is refused when missing (%j), without calling siteverify",
    async (token) => {
      const spy = vi.fn(fetch);
      const verdict = await verifyTurnstile({
        token,
        remoteIp: null,
        secret: SECRET,
        verifyUrl: VERIFY_URL,
        fetch: spy,
      });
      expect(verdict).toEqual({ ok: false, reason: "turnstile: token missing" });
      expect(spy).not.toHaveBeenCalled();
    },
  );

  it("is refused when longer than any Turnstile token", async () => {
    expect((await verify(`test-pass-${"x".repeat(2048)}`)).ok).toBe(false);
  });

  it.each([
    ["1x0000000000000000000000000000000AA", true, ""],
    ["2x0000000000000000000000000000000AA", false, "invalid-input-response"],
    ["3x0000000000000000000000000000000AA", false, "timeout-or-duplicate"],
  ])(
    "behaves like Cloudflare for the dummy token with test secret %s",
    async (secret, passes, code) => {
      const verdict = await verify(DUMMY_TOKEN, secret);
      expect(verdict.ok).toBe(passes);
      if (!verdict.ok) expect(verdict.reason).toContain(code);
    },
  );
});

describe("the call to siteverify", () => {
  it("posts secret, response and remoteip form-encoded", async () => {
    const spy = vi.fn(
      async (_url: string | URL | Request, _init?: RequestInit) =>
        new Response(JSON.stringify({ success: true, "error-codes": [] })),
    );
    await verifyTurnstile({
      token: "tok",
      remoteIp: "203.0.113.7",
      secret: SECRET,
      verifyUrl: VERIFY_URL,
      fetch: spy as unknown as typeof fetch,
    });
    const [url, init] = spy.mock.calls[0] ?? [];
    expect(url).toBe(VERIFY_URL);
    expect(init?.method).toBe("POST");
    const sent = new Request(VERIFY_URL, init);
    expect(sent.headers.get("content-type")).toMatch(/^application\/x-www-form-urlencoded/);
    expect(
      Object.fromEntries(new URLSearchParams(new TextDecoder().decode(await sent.arrayBuffer()))),
    ).toEqual({
      secret: SECRET,
      response: "tok",
      remoteip: "203.0.113.7",
    });
  });

  it("refuses when siteverify cannot be reached", async () => {
    const failing = vi.fn(async () => {
      throw new TypeError("Network connection lost.");
    });
    const verdict = await verifyTurnstile({
      token: "tok",
      remoteIp: null,
      secret: SECRET,
      verifyUrl: VERIFY_URL,
      fetch: failing as unknown as typeof fetch,
    });
    expect(verdict).toEqual({ ok: false, reason: expect.stringMatching(/unreachable/) });
  });

  it("refuses when siteverify answers an error status", async () => {
    const verdict = await verifyTurnstile({
      token: fresh("pass"),
      remoteIp: null,
      secret: SECRET,
      verifyUrl: "http://sim.test/turnstile/v0/nowhere",
    });
    expect(verdict).toEqual({ ok: false, reason: "turnstile: siteverify answered 404" });
  });

  it("refuses when siteverify's answer is not what it documents", async () => {
    for (const body of ["<html>challenge</html>", '{"ok": true}', '{"success": "yes"}']) {
      const odd = vi.fn(async () => new Response(body));
      const verdict = await verifyTurnstile({
        token: "tok",
        remoteIp: null,
        secret: SECRET,
        verifyUrl: VERIFY_URL,
        fetch: odd as unknown as typeof fetch,
      });
      expect(verdict, body).toEqual({
        ok: false,
        reason: "turnstile: siteverify answer unreadable",
      });
    }
  });

  it("refuses without a secret", async () => {
    expect((await verify(fresh("pass"), "")).ok).toBe(false);
  });
});
