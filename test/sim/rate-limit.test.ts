// Rate limits: a budget per API key per endpoint group, reported in `RateLimit` on every
// answer; over it, 429 with `Retry-After`, and the request is not processed.
import { beforeEach, expect, it } from "vitest";
import {
  callApi,
  createContact,
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
