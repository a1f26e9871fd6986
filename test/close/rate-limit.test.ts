import { describe, expect, it } from "vitest";
import {
  endpointGroup,
  parseRateLimit,
  RatePacer,
  retryAfterSeconds,
} from "../../src/close/rate-limit.ts";

describe("reading Close's rate-limit headers", () => {
  it.each([
    ["limit=100, remaining=0, reset=1", { limit: 100, remaining: 0, reset: 1 }],
    ["limit=20, remaining=3, reset=0.372", { limit: 20, remaining: 3, reset: 0.372 }],
    ["LIMIT=5,REMAINING=5,RESET=2", { limit: 5, remaining: 5, reset: 2 }],
    ["limit=5, remaining=1", undefined],
    ["nonsense", undefined],
  ])("reads %s", (header, expected) => {
    expect(parseRateLimit(new Headers({ RateLimit: header }))).toEqual(expected);
  });

  it("waits the longer of RateLimit reset and Retry-After, else RateLimit-Reset, else 2 s", () => {
    expect(
      retryAfterSeconds(
        new Headers({ RateLimit: "limit=1, remaining=0, reset=0.5", "Retry-After": "9" }),
      ),
    ).toBe(9);
    expect(
      retryAfterSeconds(
        new Headers({ RateLimit: "limit=1, remaining=0, reset=3.5", "Retry-After": "1" }),
      ),
    ).toBe(3.5);
    expect(retryAfterSeconds(new Headers({ "Retry-After": "9" }))).toBe(9);
    const now = Date.parse("2026-01-01T00:00:00Z");
    expect(
      retryAfterSeconds(new Headers({ "Retry-After": "Thu, 01 Jan 2026 00:00:05 GMT" }), now),
    ).toBe(5);
    expect(retryAfterSeconds(new Headers({ "RateLimit-Reset": "4" }))).toBe(4);
    expect(retryAfterSeconds(new Headers())).toBe(2);
  });

  it.each([
    ["PUT", "/contact/cont_abc123/", "PUT /contact/{id}/"],
    ["post", "/data/search/", "POST /data/search/"],
    ["GET", "/lead/lead_x", "GET /lead/{id}/"],
    ["POST", "/lead/", "POST /lead/"],
    ["PUT", "/lead/lead_4VbJkQ9/", "PUT /lead/{id}/"],
    ["put", "/contact/cont_x1/?_fields=id", "PUT /contact/{id}/"],
    ["POST", "/activity/custom/", "POST /activity/custom/"],
    ["GET", "/activity/note/?lead_id=lead_abc", "GET /activity/note/"],
    ["GET", "/custom_activity/", "GET /custom_activity/"],
    ["GET", "/custom_field/activity/", "GET /custom_field/activity/"],
    ["PUT", "/task/task_9x/", "PUT /task/{id}/"],
    ["GET", "/me/", "GET /me/"],
  ])("groups %s %s as %s (ids and the query left out)", (method, path, group) => {
    expect(endpointGroup(method, path)).toBe(group);
  });
});

describe("the pacer", () => {
  function pacerAt(start = 0) {
    let now = start;
    const pacer = new RatePacer(() => now);
    return { pacer, advance: (ms: number) => (now += ms) };
  }
  const window = (remaining: number, reset: number) =>
    new Headers({ RateLimit: `limit=3, remaining=${remaining}, reset=${reset}` });

  it("lets one request probe an unknown group and holds the others until it answers", () => {
    const { pacer } = pacerAt();
    expect(pacer.reserve("g")).toBe(0);
    expect(pacer.reserve("g")).toBeGreaterThan(0);
    pacer.record("g", window(2, 1));
    expect(pacer.reserve("g")).toBe(0);
  });

  it("spends the window's remaining requests, then waits for its reset", () => {
    const { pacer, advance } = pacerAt();
    pacer.reserve("g");
    pacer.record("g", window(2, 1));
    expect(pacer.reserve("g")).toBe(0);
    expect(pacer.reserve("g")).toBe(0);
    expect(pacer.reserve("g")).toBe(1000);
    advance(400);
    expect(pacer.reserve("g")).toBe(600);
    advance(600);
    expect(pacer.reserve("g")).toBe(0);
  });

  it("counts a new window against the known limit before any answer comes", () => {
    const { pacer, advance } = pacerAt();
    pacer.reserve("g");
    pacer.record("g", window(0, 1));
    advance(1000);
    const granted = [
      pacer.reserve("g"),
      pacer.reserve("g"),
      pacer.reserve("g"),
      pacer.reserve("g"),
    ];
    expect(granted.filter((wait) => wait === 0)).toHaveLength(3);
  });

  it("waits out a 429", () => {
    const { pacer } = pacerAt();
    pacer.recordRefusal("g", 2);
    expect(pacer.reserve("g")).toBe(2000);
  });

  it("paces by the tighter of the key's and the organization's windows", () => {
    const { pacer, advance } = pacerAt();
    pacer.reserve("g");
    // Other keys used most of the organization's budget; the key's own has room.
    pacer.record("g", new Headers({ RateLimit: "limit=60, remaining=2, reset=1" }));
    pacer.record("g", new Headers({ RateLimit: "limit=20, remaining=15, reset=1" }));
    expect(pacer.reserve("g")).toBe(0);
    expect(pacer.reserve("g")).toBe(0);
    expect(pacer.reserve("g")).toBe(1000);
    advance(1000);
    expect(pacer.reserve("g")).toBe(0);
  });

  it("waits out an organization's 429 for its Retry-After, though its RateLimit says less", () => {
    const { pacer, advance } = pacerAt();
    pacer.reserve("g");
    const refusal = new Headers({
      RateLimit: "limit=60, remaining=0, reset=0.2",
      "Retry-After": "3",
    });
    pacer.record("g", refusal);
    pacer.recordRefusal("g", retryAfterSeconds(refusal));
    advance(1000);
    expect(pacer.reserve("g")).toBe(2000);
  });

  it("forgets a window no answer has confirmed for ten seconds (a limit that changed)", () => {
    const { pacer, advance } = pacerAt();
    pacer.reserve("g");
    pacer.record("g", new Headers({ RateLimit: "limit=1, remaining=0, reset=1" }));
    advance(10_001);
    pacer.record("g", new Headers({ RateLimit: "limit=20, remaining=19, reset=1" }));
    const granted = Array.from({ length: 5 }, () => pacer.reserve("g"));
    expect(granted).toEqual([0, 0, 0, 0, 0]);
  });

  it("tries again after a window that allowed nothing ends (the limit may have changed)", () => {
    const { pacer, advance } = pacerAt();
    pacer.reserve("g");
    pacer.record("g", new Headers({ RateLimit: "limit=0, remaining=0, reset=1" }));
    expect(pacer.reserve("g")).toBe(1000);
    advance(1000);
    expect(pacer.reserve("g")).toBe(0);
  });

  it("keeps groups apart", () => {
    const { pacer } = pacerAt();
    pacer.recordRefusal("a", 2);
    expect(pacer.reserve("b")).toBe(0);
  });
});
