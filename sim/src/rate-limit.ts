// Close's rate limits: a budget per API key per endpoint group (method + path pattern) and
// one for the whole organization (three times the key's, across keys), in fixed windows,
// reported on every answer as `RateLimit: limit=N, remaining=N, reset=S`.
import type { RateLimitSetting } from "./config.ts";

/** How many times a key's budget the organization's budget is (Close's rate-limit page). */
export const ORGANIZATION_LIMIT_FACTOR = 3;

/** Where a bucket stands after (or without) counting a request. */
export type RateLimitState = {
  limit: number;
  remaining: number;
  /** Seconds until the window ends; may be fractional. */
  resetSeconds: number;
  /** False when the request that was counted is over the limit. */
  allowed: boolean;
};

/** One budget a request is counted against: its counter's name and its setting. */
export type RateLimitBucket = { name: string; setting: RateLimitSetting };

type Window = { startedAt: number; count: number };

/** The organization's budget for a per-key setting: the same window, three times the requests. */
export function deriveOrganizationLimit(perKey: RateLimitSetting): RateLimitSetting {
  return { limit: perKey.limit * ORGANIZATION_LIMIT_FACTOR, window_s: perKey.window_s };
}

/** Fixed-window counters, kept in memory: they only need to live as long as a window. */
export class RateLimiter {
  readonly #windows = new Map<string, Window>();

  /**
   * Counts one request against every bucket (at least one) if each has room, else against
   * none. Answers the state to report: when refused, the full bucket that frees up last; when
   * allowed, the bucket closest to exhaustion (as the IETF RateLimit draft asks of several
   * policies).
   */
  consume(buckets: RateLimitBucket[], now = Date.now()): RateLimitState {
    const entries = buckets.map((bucket) => ({ bucket, window: this.#currentWindow(bucket, now) }));
    const allowed = entries.every(({ bucket, window }) => window.count < bucket.setting.limit);
    for (const { bucket, window } of entries) {
      // Refused requests do not eat into the next window: only allowed ones are counted.
      if (allowed) window.count += 1;
      this.#windows.set(bucket.name, window);
    }
    const states = entries.map(({ bucket, window }) => ({
      state: describeWindow(window, bucket.setting, now, allowed),
      full: window.count >= bucket.setting.limit,
    }));
    if (allowed) return pickClosestToExhaustion(states.map(({ state }) => state));
    return pickLatestReset(states.filter(({ full }) => full).map(({ state }) => state));
  }

  /** Reports the buckets without counting anything (for answers given before rate limiting). */
  peek(buckets: RateLimitBucket[], now = Date.now()): RateLimitState {
    return pickClosestToExhaustion(
      buckets.map((bucket) =>
        describeWindow(this.#currentWindow(bucket, now), bucket.setting, now, true),
      ),
    );
  }

  /** Forgets every counter. */
  clear(): void {
    this.#windows.clear();
  }

  #currentWindow(bucket: RateLimitBucket, now: number): Window {
    const existing = this.#windows.get(bucket.name);
    // A window starts with the bucket's first request, so that a burst of requests sent
    // together is never split across two windows by an unlucky clock boundary.
    if (existing && now < existing.startedAt + bucket.setting.window_s * 1000) return existing;
    return { startedAt: now, count: 0 };
  }
}

function describeWindow(
  window: Window,
  setting: RateLimitSetting,
  now: number,
  allowed: boolean,
): RateLimitState {
  const endsAt = window.startedAt + setting.window_s * 1000;
  return {
    limit: setting.limit,
    remaining: Math.max(0, setting.limit - window.count),
    resetSeconds: Math.max(0.001, (endsAt - now) / 1000),
    allowed,
  };
}

/** The state with the fewest requests left (on a tie, the one that resets last). */
function pickClosestToExhaustion(states: RateLimitState[]): RateLimitState {
  return states.reduce((best, state) =>
    state.remaining < best.remaining ||
    (state.remaining === best.remaining && state.resetSeconds > best.resetSeconds)
      ? state
      : best,
  );
}

/** The state whose window ends last. */
function pickLatestReset(states: RateLimitState[]): RateLimitState {
  return states.reduce((best, state) => (state.resetSeconds > best.resetSeconds ? state : best));
}

/** Builds the `RateLimit` header value, e.g. `limit=20, remaining=19, reset=0.372`. */
export function formatRateLimitHeader(state: RateLimitState): string {
  const reset = Number(state.resetSeconds.toFixed(3));
  return `limit=${state.limit}, remaining=${state.remaining}, reset=${reset}`;
}

/** Builds the `Retry-After` header value: the reset rounded up to whole seconds. */
export function formatRetryAfter(state: RateLimitState): string {
  return String(Math.max(1, Math.ceil(state.resetSeconds)));
}
