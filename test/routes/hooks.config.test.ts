// A configuration mistake in one source (a secret not set, a misspelt option) stops that
// source only: the others keep taking submissions, the broken one answers a generic 503 (or
// its error page), and what is wrong goes to the log and the admin API, never to the caller.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { STALL_GRACE_MS, sweepSubmissions } from "../../src/deliver/sweep.ts";
import { ErrorBody } from "../../src/errors.ts";
import { loadSubmission } from "../../src/store/submissions.ts";
import { EXAMPLE_FORM_HEADERS, formBody, shippedSources } from "../helpers/bridge.ts";
import { DEV_SECRETS, ZAPIER_HEADERS } from "../helpers/deliveries.ts";
import { queueHarness } from "../helpers/queue.ts";
import { resetWorld } from "../helpers/reset.ts";

beforeEach(resetWorld);
afterEach(() => vi.restoreAllMocks());

const ADMIN = { authorization: `Bearer ${DEV_SECRETS.ADMIN_TOKEN}` };

/** The shipped sources plus a Tally form whose secret (TALLY_WAITLIST_SECRET) is not set. */
function withUnsetSecret() {
  return queueHarness({
    SOURCES: {
      ...shippedSources(),
      tally_waitlist: {
        preset: "tally",
        redirect: "https://example.com/thanks",
        error_redirect: "https://example.com/sorry",
      },
    },
  });
}

const ada = () => formBody({ name: "Ada Lovelace", email: "ada@example.com", message: "Call me" });

function errorLines(spy: { mock: { calls: unknown[][] } }): string[] {
  return spy.mock.calls.map((call) => String(call[0]));
}

describe("a source whose secret is not set", () => {
  it("answers 503 config_invalid naming neither the source nor the secret", async () => {
    const h = withUnsetSecret();
    const response = await h.fetch("/v1/hooks/tally_waitlist", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ eventId: "e1", eventType: "FORM_RESPONSE", data: { fields: [] } }),
    });
    expect(response.status).toBe(503);
    const text = await response.text();
    const body = ErrorBody.parse(JSON.parse(text));
    expect(body.error.code).toBe("config_invalid");
    expect(body.error.details).toBeUndefined();
    expect(text).not.toMatch(/tally_waitlist|TALLY_WAITLIST_SECRET|secret/i);
    expect(h.sent).toEqual([]);
  });

  it("logs what is wrong, with the source and the secret's name", async () => {
    const spy = vi.spyOn(console, "error");
    const h = withUnsetSecret();
    await h.fetch("/v1/hooks/tally_waitlist", { method: "POST", body: "{}" });
    const logged = errorLines(spy).map((line) => JSON.parse(line));
    expect(logged).toContainEqual(
      expect.objectContaining({
        event: "config.invalid",
        source: "tally_waitlist",
        problems: [
          {
            source: "tally_waitlist",
            field: "auth.secret",
            problem: "the secret TALLY_WAITLIST_SECRET is not set",
          },
        ],
      }),
    );
  });

  it("sends a browser form to its error page", async () => {
    const h = withUnsetSecret();
    const response = await h.fetch("/v1/hooks/tally_waitlist", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: ada(),
      redirect: "manual",
    });
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe("https://example.com/sorry?error=config_invalid");
  });

  it("answers its previews in JSON, never with the error page, even to a browser form", async () => {
    const h = withUnsetSecret();
    for (const path of [
      "/v1/hooks/tally_waitlist/preview",
      "/v1/admin/sources/tally_waitlist/preview",
    ]) {
      const response = await h.fetch(path, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", ...ADMIN },
        body: ada(),
        redirect: "manual",
      });
      expect(response.status).toBe(503);
      expect(response.headers.get("location")).toBeNull();
      expect(ErrorBody.parse(await response.json()).error.code).toBe("config_invalid");
    }
  });

  it("leaves website and zapier taking submissions", async () => {
    const h = withUnsetSecret();
    const website = await h.fetch("/v1/hooks/website", {
      method: "POST",
      headers: EXAMPLE_FORM_HEADERS,
      body: ada(),
    });
    expect(website.status).toBe(202);
    const zapier = await h.fetch("/v1/hooks/zapier", {
      method: "POST",
      headers: { "content-type": "application/json", ...ZAPIER_HEADERS },
      body: JSON.stringify({ id: "zap-1", email: "grace@example.com", full_name: "Grace Hopper" }),
    });
    expect(zapier.status).toBe(202);
    expect(h.sent).toHaveLength(2);
    await h.drain();
    for (const { id } of [
      (await website.json()) as { id: string },
      (await zapier.json()) as { id: string },
    ]) {
      expect((await loadSubmission(h.env.DB, id))?.status).toBe("delivered");
    }
  });

  it("still answers an unknown source with 404", async () => {
    const h = withUnsetSecret();
    const response = await h.fetch("/v1/hooks/nosuch", { method: "POST", body: "{}" });
    expect(response.status).toBe(404);
    expect(ErrorBody.parse(await response.json()).error.code).toBe("unknown_source");
  });

  it("is listed with its problem by the admin API", async () => {
    const h = withUnsetSecret();
    const response = await h.fetch("/v1/admin/config", { headers: ADMIN });
    expect(response.status).toBe(200);
    const config = (await response.json()) as {
      ok: boolean;
      problems: unknown[];
      sources: { name: string; status: string; problems: unknown[] }[];
    };
    expect(config.ok).toBe(false);
    expect(config.problems).toEqual([]);
    expect(config.sources.find((s) => s.name === "website")).toEqual({
      name: "website",
      status: "working",
      problems: [],
    });
    expect(config.sources.find((s) => s.name === "tally_waitlist")).toEqual({
      name: "tally_waitlist",
      status: "broken",
      problems: [
        {
          source: "tally_waitlist",
          field: "auth.secret",
          problem: "the secret TALLY_WAITLIST_SECRET is not set",
        },
      ],
    });
  });

  it("keeps the admin API's configuration behind the admin token", async () => {
    const h = withUnsetSecret();
    const response = await h.fetch("/v1/admin/config");
    expect(response.status).toBe(401);
  });
});

describe("a source with a mistake in its table", () => {
  it("is refused alone, with its misspelt option in the log and the admin API", async () => {
    const h = queueHarness({
      SOURCES: {
        ...shippedSources(),
        partners: { preset: "json", auth: { type: "token", secret: "ZAPIER_TOKEN" }, mdoe: "sync" },
      },
    });
    const refused = await h.fetch("/v1/hooks/partners", {
      method: "POST",
      headers: { "content-type": "application/json", ...ZAPIER_HEADERS },
      body: JSON.stringify({ email: "ada@example.com" }),
    });
    expect(refused.status).toBe(503);
    expect(await refused.text()).not.toContain("mdoe");
    const config = (await (await h.fetch("/v1/admin/config", { headers: ADMIN })).json()) as {
      sources: { name: string; problems: { field: string; problem: string }[] }[];
    };
    expect(config.sources.find((s) => s.name === "partners")?.problems).toEqual([
      {
        source: "partners",
        field: "mdoe",
        problem: 'is not a known option; did you mean "mode"?',
      },
    ]);
    const zapier = await h.fetch("/v1/hooks/zapier", {
      method: "POST",
      headers: { "content-type": "application/json", ...ZAPIER_HEADERS },
      body: JSON.stringify({ email: "ada@example.com" }),
    });
    expect(zapier.status).toBe(202);
  });
});

describe("a configuration without CLOSE_API_KEY", () => {
  it("refuses every source with a generic 503, and an unknown one with 404", async () => {
    const h = queueHarness({ CLOSE_API_KEY: "" });
    const known = await h.fetch("/v1/hooks/zapier", {
      method: "POST",
      headers: { "content-type": "application/json", ...ZAPIER_HEADERS },
      body: JSON.stringify({ email: "ada@example.com" }),
    });
    expect(known.status).toBe(503);
    expect(await known.text()).not.toContain("CLOSE_API_KEY");
    const unknown = await h.fetch("/v1/hooks/nosuch", { method: "POST", body: "{}" });
    expect(unknown.status).toBe(404);
  });
});

describe("delivery while a source is broken", () => {
  it("keeps the broken source's submissions waiting, attempts given back, and delivers the rest", async () => {
    const sources = {
      a: { preset: "json", allow_unprotected: true },
      b: { preset: "json", auth: { type: "token", secret: "B_TOKEN" } },
    };
    const working = queueHarness({ SOURCES: sources, B_TOKEN: "b-token-0123456789" });
    const post = (source: string, headers: Record<string, string>) =>
      working.fetch(`/v1/hooks/${source}`, {
        method: "POST",
        headers: { "content-type": "application/json", ...headers },
        body: JSON.stringify({ email: `${source}@example.com` }),
      });
    const a = (await (await post("a", {})).json()) as { id: string };
    const b = (await (await post("b", { authorization: "Bearer b-token-0123456789" })).json()) as {
      id: string;
    };

    // B_TOKEN is removed before the queue delivers: source b is broken, a is not.
    const broken = queueHarness({ SOURCES: sources, B_TOKEN: "" });
    const { acked, retried } = await broken.consume([{ id: a.id }, { id: b.id }]);
    // Both messages are acknowledged: b waits in the log, untried (no queue retry to run out),
    // and the sweep sends it again.
    expect(acked.sort()).toEqual([a.id, b.id].sort());
    expect(retried).toEqual([]);
    expect(await loadSubmission(broken.env.DB, a.id)).toMatchObject({ status: "delivered" });
    expect(await loadSubmission(broken.env.DB, b.id)).toMatchObject({
      status: "queued",
      attempts: 0,
      last_error_code: "config_invalid",
      last_error_message: "the source b has configuration problems",
    });

    // Fixed: the sweep's reminder delivers the waiting submission.
    await sweepSubmissions(working.env, Date.now() + STALL_GRACE_MS + 1);
    const reminder = working.sent.find((message) => message.id === b.id);
    expect(reminder).toBeDefined();
    await working.consume([reminder as { id: string }]);
    expect(await loadSubmission(working.env.DB, b.id)).toMatchObject({ status: "delivered" });
  });
});
