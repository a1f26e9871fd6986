// Close's rate limits: the `RateLimit: limit=N, remaining=N, reset=S` header on every answer,
// per endpoint group (method + path pattern), per API key and per organization. The pacer
// remembers each group's windows and holds the next request until they reset, so close-bridge
// never bursts into 429s.

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

/** Seconds a `Retry-After` header asks for (a number of seconds or an HTTP date), if any. */
function retryAfterHeader(headers: Headers, now: number): number | undefined {
  const value = headers.get("retry-after")?.trim();
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return seconds >= 0 ? seconds : undefined;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, (at - now) / 1000);
}

/**
 * How long a 429 asks to wait: the longer of `RateLimit` reset and `Retry-After` (a 429 of the
 * organization's limit may say more in one than in the other), else `RateLimit-Reset`, else 2 s.
 */
export function retryAfterSeconds(headers: Headers, now: number = Date.now()): number {
  const reset = parseRateLimit(headers)?.reset;
  const retryAfter = retryAfterHeader(headers, now);
  if (reset !== undefined || retryAfter !== undefined) return Math.max(reset ?? 0, retryAfter ?? 0);
  const legacy = Number(headers.get("ratelimit-reset"));
  if (headers.has("ratelimit-reset") && Number.isFinite(legacy) && legacy >= 0) return legacy;
  return DEFAULT_RETRY_AFTER_S;
}

/**
 * A request's endpoint group: its method and path without the query string and with Close ids
 * left out, the same for every record it may touch (`PUT /contact/cont_abc/?_fields=id` belongs
 * to `PUT /contact/{id}/`). It also names the kind of request a refused permission concerns.
 */
export function endpointGroup(method: string, path: string): string {
  const bare = path.split("?", 1)[0] ?? path;
  const pattern = bare.replace(
    /\/(cont|lead|acti|oppo|task|cf|user|orga|stat)_[A-Za-z0-9]+/g,
    "/{id}",
  );
  return `${method.toUpperCase()} ${pattern.endsWith("/") ? pattern : `${pattern}/`}`;
}

/**
 * Windows no answer has confirmed for this long are forgotten: a limit that changed (a storm
 * that passed), or the organization's budget, which Close reports only while it is the tighter
 * one (when it still is, the next answer says so again).
 */
const FORGET_AFTER_MS = 10_000;

/** One endpoint group: each budget Close reported (by its limit), a 429's wait, a probe's. */
type GroupState = {
  budgets: Map<number, RateLimitState & { seenAt: number }>;
  blockedUntil: number;
  probeUntil: number;
};

/**
 * Remembers each endpoint group's windows and says how long to wait before the next request.
 * A group can have several budgets at once: the API key's, and the organization's across all
 * its keys (three times the key's), which Close reports instead when it is the tighter one. A
 * request goes out only when every budget known has room; a 429 holds the group for as long as
 * its `RateLimit` and `Retry-After` ask, whichever is longer.
 */
export class RatePacer {
  private readonly groups = new Map<string, GroupState>();
  private readonly now: () => number;

  constructor(now: () => number = Date.now) {
    this.now = now;
  }

  private stateOf(group: string): GroupState {
    let state = this.groups.get(group);
    if (!state) {
      state = { budgets: new Map(), blockedUntil: 0, probeUntil: 0 };
      this.groups.set(group, state);
    }
    return state;
  }

  /** Records what Close said about a group in an answer. */
  record(group: string, headers: Headers) {
    const rateLimit = parseRateLimit(headers);
    if (!rateLimit) return;
    const now = this.now();
    const resetAt = now + rateLimit.reset * 1000;
    const state = this.stateOf(group);
    state.probeUntil = 0;
    const known = state.budgets.get(rateLimit.limit);
    if (known && Math.abs(known.resetAt - resetAt) < SAME_WINDOW_MS) {
      // The same window: requests sent since this answer left Close are not in its count yet,
      // so keep the lower of the two counts rather than give their slots away twice.
      known.remaining = Math.min(known.remaining, rateLimit.remaining);
      known.resetAt = resetAt;
      known.seenAt = now;
      return;
    }
    state.budgets.set(rateLimit.limit, {
      limit: rateLimit.limit,
      remaining: rateLimit.remaining,
      resetAt,
      seenAt: now,
    });
  }

  /** Records a 429: the group sends nothing until `retryAfterS` from now. */
  recordRefusal(group: string, retryAfterS: number) {
    const state = this.stateOf(group);
    state.blockedUntil = Math.max(state.blockedUntil, this.now() + retryAfterS * 1000);
  }

  /** Milliseconds to wait before sending to `group` (0 when it has room), taking the slot. */
  reserve(group: string): number {
    const now = this.now();
    const state = this.groups.get(group);
    if (!state) {
      // Nothing known yet: one request goes first and its answer tells the limit; the others
      // wait for it rather than burst into a window whose size is unknown.
      const probeUntil = now + UNKNOWN_WINDOW_MS / 4;
      this.groups.set(group, { budgets: new Map(), blockedUntil: 0, probeUntil });
      return 0;
    }
    const blockedUntil = Math.max(state.blockedUntil, state.probeUntil);
    if (now < blockedUntil) return blockedUntil - now;
    if (state.budgets.size === 0) {
      // Still nothing known (no answer told a limit): one probe at a time.
      state.probeUntil = now + UNKNOWN_WINDOW_MS / 4;
      return 0;
    }
    let wait = 0;
    for (const [limit, budget] of state.budgets) {
      if (now < budget.resetAt) {
        if (budget.remaining <= 0) wait = Math.max(wait, budget.resetAt - now);
      } else if (limit <= 0 || now - budget.seenAt > FORGET_AFTER_MS) {
        // A window that allowed nothing, or one no answer confirmed for long: ask Close again.
        state.budgets.delete(limit);
      } else {
        // A new window: it has the same limit, and its end is known again with the next answer.
        // Until then, count against the limit so that concurrent requests cannot burst past it.
        budget.remaining = budget.limit;
        budget.resetAt = now + UNKNOWN_WINDOW_MS;
        if (budget.remaining <= 0) wait = Math.max(wait, budget.resetAt - now);
      }
    }
    if (wait > 0) return wait;
    for (const budget of state.budgets.values()) budget.remaining -= 1;
    return 0;
  }
}
