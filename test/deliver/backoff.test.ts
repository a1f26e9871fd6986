import { describe, expect, it } from "vitest";
import { parseConfig } from "../../src/config/load.ts";
import { retryDelaySeconds } from "../../src/deliver/backoff.ts";

const HOUR_S = 3600;
const middle = () => 0.5;
const lowest = () => 0;
// Math.random() is below 1: this is as high as it draws.
const highest = () => 1 - Number.EPSILON;

/** The delays of the retries after failures 1 to `retries`. */
function delays(retries: number, baseS: number, random: () => number): number[] {
  return Array.from({ length: retries }, (_, i) => retryDelaySeconds(i + 1, baseS, random));
}

describe("the delay before the next delivery attempt", () => {
  it("doubles after each failure, from the base", () => {
    expect(delays(6, 60, middle)).toEqual([60, 120, 240, 480, 960, 1920]);
  });

  it.each([1, 4, 9])("jitters the delay after failure %i by a quarter either way", (attempt) => {
    const exact = 60 * 2 ** (attempt - 1);
    expect(retryDelaySeconds(attempt, 60, lowest)).toBe(0.75 * exact);
    expect(retryDelaySeconds(attempt, 60, highest)).toBe(1.25 * exact);
    for (let i = 0; i < 50; i++) {
      const delay = retryDelaySeconds(attempt, 60);
      expect(delay).toBeGreaterThanOrEqual(0.75 * exact);
      expect(delay).toBeLessThanOrEqual(1.25 * exact);
    }
  });

  it("never asks the queue to wait longer than it can (12 hours), however many failures", () => {
    expect(retryDelaySeconds(11, 60, highest)).toBe(12 * HOUR_S);
    expect(retryDelaySeconds(40, 60, lowest)).toBe(12 * HOUR_S);
    expect(retryDelaySeconds(40, 3600, middle)).toBe(12 * HOUR_S);
  });

  it("waits at least a second", () => {
    expect(retryDelaySeconds(1, 1, lowest)).toBe(1);
  });

  it("spreads the default max_retries over about a day", () => {
    const parsed = parseConfig({ SOURCES: { s: { preset: "json", allow_unprotected: true } } });
    if (!parsed.ok) throw new Error("the defaults do not parse");
    const maxRetries = parsed.config.sources.get("s")?.max_retries ?? 0;
    const baseS = parsed.config.RETRY_BASE_S;
    expect([maxRetries, baseS]).toEqual([10, 60]);
    const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);
    // Whatever the jitter draws, the last retry comes half a day to a day after the first failure.
    for (const random of [lowest, middle, highest]) {
      const span = sum(delays(maxRetries, baseS, random));
      expect(span).toBeGreaterThan(12 * HOUR_S);
      expect(span).toBeLessThan(24 * HOUR_S);
    }
    expect(sum(delays(maxRetries, baseS, middle)) / HOUR_S).toBeCloseTo(17, 0);
  });
});
