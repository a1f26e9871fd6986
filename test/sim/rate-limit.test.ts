// Rate limits: a budget per API key per endpoint group, and one three times as large for the
// whole organization, reported in `RateLimit` on every answer; over either, 429 with
// `Retry-After`, and the request is not processed.
import { beforeEach, describe, expect, it } from "vitest";
import { type RateLimitBucket, RateLimiter } from "../../sim/src/rate-limit.ts";
import {
  callApi,
  createContact,
  DEV_KEY,
  MORE_KEYS,
  readSimulator,
  resetSimulator,
  SECOND_KEY,
  setFaults,
} from "./helpers.ts";

const RATE_LIMIT_HEADER = /^limit=(\d+), remaining=(\d+), reset=(\d+(?:\.\d{1,3})?)$/;

function readRateLimit(headers: Headers): { limit: number; remaining: number; reset: number } {
  const match = RATE_LIMIT_HEADER.exec(headers.get("RateLimit") ?? "");
  if (!match) throw new Error(`no RateLimit header in ${JSON.stringify([...headers])}`);
  return { limit: Number(match[1]), remaining: Number(match[2]), reset: Number(match[3]) };
}

beforeEach(resetSimulator);

it("reports the configured limit on every answer, success or error", async () => {
  const contact = await createContact({ name: "Ann" });
  const answers = [
    await callApi("GET", `/contact/${contact.id}/`),
    await callApi("POST", "/contact/", { nope: 1 }),
    await callApi("GET", "/contact/cont_missing/"),
    await callApi("GET", "/no-such-endpoint/"),
    await callApi("GET", "/contact/", undefined, { none: true }),
  ];
  for (const answer of answers) {
    const state = readRateLimit(answer.headers);
    expect(state.limit).toBe(20);
    expect(state.reset).toBeGreaterThan(0);
    expect(state.reset).toBeLessThanOrEqual(1);
  }
});

it("counts down remaining, then refuses with 429, Retry-After and no processing", async () => {
  await setFaults({ rate_limit: { limit: 2, window_s: 5 } });
  const first = await callApi("POST", "/contact/", { name: "One" });
  const second = await callApi("POST", "/contact/", { name: "Two" });
  const third = await callApi("POST", "/contact/", { name: "Three" });

  expect([first.status, second.status, third.status]).toEqual([200, 200, 429]);
  expect(readRateLimit(first.headers)).toMatchObject({ limit: 2, remaining: 1 });
  expect(readRateLimit(second.headers)).toMatchObject({ limit: 2, remaining: 0 });
  const refused = readRateLimit(third.headers);
  expect(refused).toMatchObject({ limit: 2, remaining: 0 });
  expect(third.headers.get("Retry-After")).toBe(String(Math.ceil(refused.reset)));
  expect(String(third.body.error)).toMatch(/^API rate limit exceeded/);
  expect((await readSimulator("contacts")).map((contact) => contact.name)).toEqual(["One", "Two"]);
  expect((await readSimulator("requests")).map((request) => request.status)).toEqual([
    200, 200, 429,
  ]);
});

it("keeps a separate budget per endpoint group and per API key", async () => {
  const contact = await createContact({ name: "Ann" });
  await setFaults({ rate_limit: { limit: 1, window_s: 5 } });
  expect((await callApi("POST", "/contact/", { name: "Bob" })).status).toBe(200);
  expect((await callApi("POST", "/contact/", { name: "Eve" })).status).toBe(429);

  // Another group of the same key still has its budget; ids share one group.
  expect((await callApi("GET", `/contact/${contact.id}/`)).status).toBe(200);
  expect((await callApi("GET", "/contact/cont_other/")).status).toBe(429);
  // Another accepted key has a budget of its own; a wrong one is refused for its key, not its rate.
  expect((await callApi("POST", "/contact/", { name: "Cy" }, { key: SECOND_KEY })).status).toBe(
    200,
  );
  expect((await callApi("POST", "/contact/", { name: "Di" }, { key: SECOND_KEY })).status).toBe(
    429,
  );
  expect((await callApi("POST", "/contact/", { name: "Mallory" }, { key: "api_x" })).status).toBe(
    401,
  );
});

it("opens a new window once reset seconds have passed", async () => {
  await setFaults({ rate_limit: { limit: 1, window_s: 0.3 } });
  expect((await callApi("GET", "/contact/")).status).toBe(200);
  const refused = await callApi("GET", "/contact/");
  expect(refused.status).toBe(429);
  await new Promise((resolve) =>
    setTimeout(resolve, readRateLimit(refused.headers).reset * 1000 + 50),
  );
  const later = await callApi("GET", "/contact/");
  expect(later.status).toBe(200);
  expect(readRateLimit(later.headers).remaining).toBe(0);
});

describe("the organization's limit", () => {
  const [third, fourth, fifth] = MORE_KEYS;

  it("refuses a key with budget left once the keys together used three times a key's", async () => {
    await setFaults({ rate_limit: { limit: 1, window_s: 30 } });
    for (const key of [DEV_KEY, SECOND_KEY, third]) {
      const answer = await callApi("POST", "/contact/", { name: key }, { key });
      expect(answer.status, key).toBe(200);
    }
    const refused = await callApi("POST", "/contact/", { name: "Fourth" }, { key: fourth });
    expect(refused.status).toBe(429);
    const state = readRateLimit(refused.headers);
    expect(state).toMatchObject({ limit: 3, remaining: 0 });
    expect(refused.headers.get("Retry-After")).toBe(String(Math.ceil(state.reset)));
    expect(String(refused.body.error)).toMatch(/^API rate limit exceeded/);
    expect(await readSimulator("contacts")).toHaveLength(3);

    // Per endpoint group, like a key's budget.
    expect((await callApi("GET", "/contact/", undefined, { key: fourth })).status).toBe(200);
  });

  it("does not count refused or unauthenticated requests against it", async () => {
    await setFaults({ rate_limit: { limit: 1, window_s: 30 } });
    expect((await callApi("GET", "/contact/", undefined, { key: DEV_KEY })).status).toBe(200);
    expect((await callApi("GET", "/contact/", undefined, { key: DEV_KEY })).status).toBe(429);
    expect((await callApi("GET", "/contact/", undefined, { none: true })).status).toBe(401);
    for (const key of [SECOND_KEY, third]) {
      expect((await callApi("GET", "/contact/", undefined, { key })).status, key).toBe(200);
    }
    expect((await callApi("GET", "/contact/", undefined, { key: fifth })).status).toBe(429);
  });

  it("takes organization_rate_limit instead of three times a key's, even below a key's", async () => {
    await setFaults({ organization_rate_limit: { limit: 1, window_s: 30 } });
    const first = await callApi("GET", "/contact/");
    expect(readRateLimit(first.headers)).toMatchObject({ limit: 1, remaining: 0 });
    const second = await callApi("GET", "/contact/", undefined, { key: SECOND_KEY });
    expect(second.status).toBe(429);
    expect(readRateLimit(second.headers)).toMatchObject({ limit: 1, remaining: 0 });
    expect(second.headers.get("Retry-After")).not.toBeNull();
  });
});

describe("choosing the budget to report", () => {
  const key = (limit: number, window_s = 10): RateLimitBucket => ({
    name: "key",
    setting: { limit, window_s },
  });
  const organization = (limit: number, window_s = 10): RateLimitBucket => ({
    name: "organization",
    setting: { limit, window_s },
  });

  it.each([
    ["the key's, when it has fewer left", [key(2), organization(6)], 1, { limit: 2, remaining: 1 }],
    [
      "the organization's, when it has fewer left",
      [key(20), organization(1)],
      1,
      { limit: 1, remaining: 0 },
    ],
    [
      "the full one when refused",
      [key(20), organization(2)],
      3,
      { limit: 2, remaining: 0, allowed: false },
    ],
    [
      "the full one that resets last when both are full",
      [key(1, 5), organization(1, 30)],
      2,
      { limit: 1, remaining: 0, allowed: false, resetSeconds: 30 },
    ],
  ])("reports %s", (_, buckets, requests, expected) => {
    const limiter = new RateLimiter();
    let state = limiter.consume(buckets, 0);
    for (let count = 1; count < requests; count++) state = limiter.consume(buckets, 0);
    expect(state).toMatchObject(expected);
  });

  it("counts a request against every budget or none", () => {
    const limiter = new RateLimiter();
    const buckets = [key(1), organization(5)];
    expect(limiter.consume(buckets, 0).allowed).toBe(true);
    expect(limiter.consume(buckets, 0).allowed).toBe(false);
    // The refused request did not use the organization's budget.
    expect(limiter.peek([organization(5)], 0)).toMatchObject({ remaining: 4 });
  });
});
