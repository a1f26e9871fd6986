// The simulator's Turnstile siteverify: Cloudflare's documented test secrets and dummy token
// answer as Cloudflare does, development tokens pass, fail or expire with any secret, a
// passing token is valid once, and none of it touches the Close API's log, faults or limits.
import { beforeEach, describe, expect, it } from "vitest";
import { readSimulator, resetSimulator, sendToSimulator, setFaults } from "./helpers.ts";

const PATH = "/turnstile/v0/siteverify";
const DUMMY_TOKEN = "XXXX.DUMMY.TOKEN.XXXX";
const ALWAYS_PASSES = "1x0000000000000000000000000000000AA";
const ALWAYS_FAILS = "2x0000000000000000000000000000000AA";
const ALREADY_SPENT = "3x0000000000000000000000000000000AA";
const MY_SECRET = "0x4AAAAAAAdevelopmentSecret";

type Answer = { success: boolean; "error-codes": string[]; [key: string]: unknown };

async function siteverify(
  fields: Record<string, string>,
  as: "form" | "json" | "multipart" = "form",
) {
  let init: RequestInit;
  if (as === "json") {
    init = { headers: { "Content-Type": "application/json" }, body: JSON.stringify(fields) };
  } else if (as === "multipart") {
    const form = new FormData();
    for (const [name, value] of Object.entries(fields)) form.append(name, value);
    init = { body: form };
  } else {
    init = { body: new URLSearchParams(fields) };
  }
  const response = await sendToSimulator(PATH, { method: "POST", ...init });
  return { status: response.status, body: (await response.json()) as Answer };
}

const refusal = (...codes: string[]) => ({
  status: 200,
  body: { success: false, "error-codes": codes },
});

beforeEach(resetSimulator);

describe("Cloudflare's test secrets with the dummy token", () => {
  it("passes with the always-passes secret, as often as asked", async () => {
    for (let i = 0; i < 2; i++) {
      const answer = await siteverify({ secret: ALWAYS_PASSES, response: DUMMY_TOKEN });
      expect(answer.status).toBe(200);
      expect(answer.body).toMatchObject({
        success: true,
        "error-codes": [],
        hostname: "localhost",
      });
      expect(Number.isNaN(Date.parse(String(answer.body.challenge_ts)))).toBe(false);
    }
  });

  it("fails with the always-fails secret", async () => {
    expect(await siteverify({ secret: ALWAYS_FAILS, response: DUMMY_TOKEN })).toEqual(
      refusal("invalid-input-response"),
    );
  });

  it("answers 'already spent' with the third test secret", async () => {
    expect(await siteverify({ secret: ALREADY_SPENT, response: DUMMY_TOKEN })).toEqual(
      refusal("timeout-or-duplicate"),
    );
  });

  it("refuses the dummy token with any other secret, as a production secret does", async () => {
    expect(await siteverify({ secret: MY_SECRET, response: DUMMY_TOKEN })).toEqual(
      refusal("invalid-input-response"),
    );
  });

  it("refuses other tokens with the always-passes secret (test secrets take only the dummy)", async () => {
    expect(await siteverify({ secret: ALWAYS_PASSES, response: "some.real.token" })).toEqual(
      refusal("invalid-input-response"),
    );
  });
});

describe("development tokens, with any secret", () => {
  it.each([MY_SECRET, ALWAYS_FAILS])(
    "passes test-pass once, then answers duplicate (%s)",
    async (secret) => {
      expect((await siteverify({ secret, response: "test-pass" })).body.success).toBe(true);
      expect(await siteverify({ secret, response: "test-pass" })).toEqual(
        refusal("timeout-or-duplicate"),
      );
    },
  );

  it("passes each suffixed test-pass-<anything> once", async () => {
    expect((await siteverify({ secret: MY_SECRET, response: "test-pass-1" })).body.success).toBe(
      true,
    );
    expect((await siteverify({ secret: MY_SECRET, response: "test-pass-2" })).body.success).toBe(
      true,
    );
    expect(await siteverify({ secret: MY_SECRET, response: "test-pass-1" })).toEqual(
      refusal("timeout-or-duplicate"),
    );
  });

  it("fails test-fail with invalid-input-response", async () => {
    expect(await siteverify({ secret: MY_SECRET, response: "test-fail" })).toEqual(
      refusal("invalid-input-response"),
    );
  });

  it("fails test-expired with timeout-or-duplicate", async () => {
    expect(await siteverify({ secret: MY_SECRET, response: "test-expired" })).toEqual(
      refusal("timeout-or-duplicate"),
    );
  });

  it("forgets spent tokens on POST /__sim/reset", async () => {
    await siteverify({ secret: MY_SECRET, response: "test-pass" });
    await resetSimulator();
    expect((await siteverify({ secret: MY_SECRET, response: "test-pass" })).body.success).toBe(
      true,
    );
  });
});

describe("a malformed verification", () => {
  it("answers missing-input-response without a token", async () => {
    expect(await siteverify({ secret: MY_SECRET })).toEqual(refusal("missing-input-response"));
    expect(await siteverify({ secret: MY_SECRET, response: "" })).toEqual(
      refusal("missing-input-response"),
    );
  });

  it("answers missing-input-secret without a secret", async () => {
    expect(await siteverify({ response: "test-pass" })).toEqual(refusal("missing-input-secret"));
  });

  it("answers both codes with neither", async () => {
    expect(await siteverify({})).toEqual(refusal("missing-input-secret", "missing-input-response"));
  });

  it("answers bad-request to a body that is not JSON though it says so", async () => {
    const response = await sendToSimulator(PATH, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: "{not json",
    });
    expect({ status: response.status, body: await response.json() }).toEqual(
      refusal("bad-request"),
    );
  });
});

describe("the request formats Cloudflare accepts", () => {
  it.each(["json", "multipart"] as const)("reads a %s body", async (as) => {
    const answer = await siteverify(
      { secret: ALWAYS_PASSES, response: DUMMY_TOKEN, remoteip: "203.0.113.7" },
      as,
    );
    expect(answer.body.success).toBe(true);
  });
});

describe("siteverify and the Close API", () => {
  it("is not logged, not faulted and not rate-limited", async () => {
    await setFaults({ error_rate: 1, rate_limit: { limit: 1, window_s: 60 } });
    for (let i = 0; i < 3; i++) {
      const answer = await siteverify({ secret: ALWAYS_PASSES, response: DUMMY_TOKEN });
      expect(answer.status).toBe(200);
      expect(answer.body.success).toBe(true);
    }
    expect(await readSimulator("requests")).toEqual([]);
  });

  it("needs no Close credentials", async () => {
    const answer = await siteverify({ secret: MY_SECRET, response: "test-fail" });
    expect(answer.status).toBe(200);
  });
});
