// How long to wait before the next delivery attempt: exponential with jitter, so that ten
// attempts span most of a day and many failing submissions do not retry in lockstep.

/** A queue message can wait at most 12 hours (Cloudflare Queues' limit for `retry`). */
export const MAX_DELAY_S = 43_200;
/** Close refusing the API key: wait at least this long (an operator may be fixing the key). */
export const AUTH_FAILURE_MIN_DELAY_S = 15 * 60;

/**
 * The delay before attempt `attempt + 1`, after `attempt` failures.
 *
 * @example
 * retryDelaySeconds(1, 60) // => between 45 and 75
 * retryDelaySeconds(10, 60) // => between 23040 and 38400 (about 8.5 hours)
 */
export function retryDelaySeconds(
  attempt: number,
  baseS: number,
  random: () => number = Math.random,
): number {
  const exponential = baseS * 2 ** Math.max(0, attempt - 1);
  const jittered = exponential * (0.75 + random() * 0.5);
  return Math.min(MAX_DELAY_S, Math.max(1, Math.round(jittered)));
}
