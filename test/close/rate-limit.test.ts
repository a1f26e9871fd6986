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

  it("waits RateLimit reset, else Retry-After, else RateLimit-Reset, else 2 s", () => {
    expect(
      retryAfterSeconds(
        new Headers({ RateLimit: "limit=1, remaining=0, reset=0.5", "Retry-After": "9" }),
      ),
    ).toBe(0.5);
    expect(retryAfterSeconds(new Headers({ "Retry-After": "9" }))).toBe(9);
    expect(retryAfterSeconds(new Headers({ "RateLimit-Reset": "4" }))).toBe(4);
    expect(retryAfterSeconds(new Headers())).toBe(2);
  });

  it("groups endpoints by method and path pattern", () => {
    expect(endpointGroup("PUT", "/contact/cont_abc123/")).toBe("PUT /contact/{id}/");
    expect(endpointGroup("post", "/data/search/")).toBe("POST /data/search/");
    expect(endpointGroup("GET", "/lead/lead_x")).toBe("GET /lead/{id}/");
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

  it("keeps groups apart", () => {
    const { pacer } = pacerAt();
    pacer.recordRefusal("a", 2);
    expect(pacer.reserve("b")).toBe(0);
  });
});
