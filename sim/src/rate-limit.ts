// Close's rate limits: a budget per API key per endpoint group (method + path pattern) in
// fixed windows, reported on every answer as `RateLimit: limit=N, remaining=N, reset=S`.
import type { RateLimitSetting } from "./config.ts";

/** Where a bucket stands after (or without) counting a request. */
export type RateLimitState = {
  limit: number;
  remaining: number;
  /** Seconds until the window ends; may be fractional. */
  resetSeconds: number;
  /** False when the request that was counted is over the limit. */
  allowed: boolean;
};

type Window = { startedAt: number; count: number };

/** Fixed-window counters, kept in memory: they only need to live as long as a window. */
export class RateLimiter {
  readonly #windows = new Map<string, Window>();

  /** Counts one request against `bucket` and says whether it is within the limit. */
  consume(bucket: string, setting: RateLimitSetting, now = Date.now()): RateLimitState {
    const window = this.#currentWindow(bucket, setting, now);
    const allowed = window.count < setting.limit;
    // Refused requests do not eat into the next window: only allowed ones are counted.
    if (allowed) window.count += 1;
    this.#windows.set(bucket, window);
    return describeWindow(window, setting, now, allowed);
  }

  /** Reports `bucket` without counting anything (for answers given before rate limiting). */
  peek(bucket: string, setting: RateLimitSetting, now = Date.now()): RateLimitState {
    return describeWindow(this.#currentWindow(bucket, setting, now), setting, now, true);
  }

  /** Forgets every counter. */
  clear(): void {
    this.#windows.clear();
  }

  #currentWindow(bucket: string, setting: RateLimitSetting, now: number): Window {
    const existing = this.#windows.get(bucket);
    // A window starts with the bucket's first request, so that a burst of requests sent
    // together is never split across two windows by an unlucky clock boundary.
    if (existing && now < existing.startedAt + setting.window_s * 1000) return existing;
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

/** Builds the `RateLimit` header value, e.g. `limit=20, remaining=19, reset=0.372`. */
export function formatRateLimitHeader(state: RateLimitState): string {
  const reset = Number(state.resetSeconds.toFixed(3));
  return `limit=${state.limit}, remaining=${state.remaining}, reset=${reset}`;
}

/** Builds the `Retry-After` header value: the reset rounded up to whole seconds. */
export function formatRetryAfter(state: RateLimitState): string {
  return String(Math.max(1, Math.ceil(state.resetSeconds)));
}
