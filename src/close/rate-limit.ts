// Close's rate limits: the `RateLimit: limit=N, remaining=N, reset=S` header on every answer,
// per endpoint group (method + path pattern) per API key. The pacer remembers each group's
// window and holds the next request until it resets, so close-bridge never bursts into 429s.

/** One endpoint group's window, as Close last reported it. */
export type RateLimitState = { limit: number; remaining: number; resetAt: number };

/** Two answers whose windows end this close together speak of the same window. */
const SAME_WINDOW_MS = 250;

/** How long a new window is assumed to last until an answer tells its real end. */
const UNKNOWN_WINDOW_MS = 1000;

/** Close's fallback when a 429 carries no usable header (close-api.md). */
export const DEFAULT_RETRY_AFTER_S = 2;

/**
 * Reads `RateLimit: limit=100, remaining=0, reset=1` (reset in seconds, maybe fractional).
 *
 * @example
 * parseRateLimit(new Headers({ RateLimit: "limit=20, remaining=3, reset=0.5" }))
 * // => { limit: 20, remaining: 3, reset: 0.5 }
 */
export function parseRateLimit(
  headers: Headers,
): { limit: number; remaining: number; reset: number } | undefined {
  const header = headers.get("ratelimit");
  if (!header) return undefined;
  const values: Record<string, number> = {};
  for (const part of header.split(",")) {
    const [name, value] = part.split("=").map((s) => s.trim().toLowerCase());
    const number = Number(value);
    if (name && value !== undefined && Number.isFinite(number)) values[name] = number;
  }
  const { limit, remaining, reset } = values;
  if (limit === undefined || remaining === undefined || reset === undefined) return undefined;
  return { limit, remaining, reset: Math.max(0, reset) };
}

/** How long a 429 asks to wait: `RateLimit` reset, else `Retry-After`, else `RateLimit-Reset`, else 2 s. */
export function retryAfterSeconds(headers: Headers): number {
  const rateLimit = parseRateLimit(headers);
  if (rateLimit) return rateLimit.reset;
  for (const name of ["retry-after", "ratelimit-reset"]) {
    const value = Number(headers.get(name));
    if (headers.has(name) && Number.isFinite(value) && value >= 0) return value;
  }
  return DEFAULT_RETRY_AFTER_S;
}

/** `PUT /contact/cont_abc/` belongs to the group `PUT /contact/{id}/`. */
export function endpointGroup(method: string, path: string): string {
  const pattern = path.replace(/\/(cont|lead|acti|cf|user|orga|stat)_[A-Za-z0-9]+/g, "/{id}");
  return `${method.toUpperCase()} ${pattern.endsWith("/") ? pattern : `${pattern}/`}`;
}

/** Remembers each endpoint group's window and says how long to wait before the next request. */
export class RatePacer {
  private readonly groups = new Map<string, RateLimitState>();
  private readonly now: () => number;

  constructor(now: () => number = Date.now) {
    this.now = now;
  }

  /** Records what Close said about a group in an answer. */
  record(group: string, headers: Headers) {
    const rateLimit = parseRateLimit(headers);
    if (!rateLimit) return;
    const resetAt = this.now() + rateLimit.reset * 1000;
    const known = this.groups.get(group);
    if (
      known &&
      known.limit === rateLimit.limit &&
      Math.abs(known.resetAt - resetAt) < SAME_WINDOW_MS
    ) {
      // The same window: requests sent since this answer left Close are not in its count yet,
      // so keep the lower of the two counts rather than give their slots away twice.
      known.remaining = Math.min(known.remaining, rateLimit.remaining);
      known.resetAt = resetAt;
      return;
    }
    this.groups.set(group, { limit: rateLimit.limit, remaining: rateLimit.remaining, resetAt });
  }

  /** Records a 429: the group has nothing left until `retryAfterS` from now. */
  recordRefusal(group: string, retryAfterS: number) {
    const known = this.groups.get(group);
    this.groups.set(group, {
      limit: known?.limit ?? 0,
      remaining: 0,
      resetAt: this.now() + retryAfterS * 1000,
    });
  }

  /** Milliseconds to wait before sending to `group` (0 when it has room), taking the slot. */
  reserve(group: string): number {
    const state = this.groups.get(group);
    const now = this.now();
    if (!state) {
      // Nothing known yet: one request goes first and its answer tells the limit; the others
      // wait for it rather than burst into a window whose size is unknown.
      this.groups.set(group, { limit: 0, remaining: 0, resetAt: now + UNKNOWN_WINDOW_MS / 4 });
      return 0;
    }
    if (now >= state.resetAt) {
      if (state.limit <= 0) {
        this.groups.delete(group);
        return 0;
      }
      // A new window: it has the same limit, and its end is known again with the next answer.
      // Until then, count against the limit so that concurrent requests cannot burst past it.
      state.remaining = state.limit - 1;
      state.resetAt = now + UNKNOWN_WINDOW_MS;
      return 0;
    }
    if (state.remaining > 0) {
      state.remaining -= 1;
      return 0;
    }
    return state.resetAt - now;
  }
}
