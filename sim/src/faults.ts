// Injected faults for tests: errors, latency, timeouts, lost answers, rate-limit overrides
// and a search index that lags writes, set through `POST /__sim/faults`. Decisions are pure;
// the caller stores them.
import { z } from "zod";
import { RateLimitSetting } from "./config.ts";

const Share = z.number().min(0).max(1);
const Milliseconds = z.number().int().min(0).max(600_000);

/** An endpoint group as the rate limits name it: a method and a route pattern, `POST /task/`. */
const EndpointGroup = z
  .string()
  .regex(
    /^(GET|POST|PUT|DELETE) \/\S*\/$/,
    "Write an endpoint group as METHOD /path/, e.g. POST /task/.",
  );

/** The body of `POST /__sim/faults`: every key optional, `{}` clears all faults. */
export const FaultSettings = z.strictObject({
  error_rate: Share.optional(),
  error_status: z.number().int().min(400).max(599).optional(),
  latency_ms: Milliseconds.optional(),
  timeout_rate: Share.optional(),
  timeout_ms: Milliseconds.optional(),
  fail_next: z.number().int().min(0).optional(),
  rate_limit: RateLimitSetting.nullable().optional(),
  organization_rate_limit: RateLimitSetting.nullable().optional(),
  lost_response_rate: Share.optional(),
  lose_next: z.number().int().min(0).optional(),
  search_lag_ms: Milliseconds.optional(),
  endpoints: z.array(EndpointGroup).min(1).nullable().optional(),
});
export type FaultSettings = z.infer<typeof FaultSettings>;

/**
 * The faults in force, with every default filled in (`rate_limit: null` = the configured one,
 * `organization_rate_limit: null` = three times the per-key one).
 */
export type ActiveFaults = {
  error_rate: number;
  error_status: number;
  latency_ms: number;
  timeout_rate: number;
  timeout_ms: number;
  fail_next: number;
  rate_limit: RateLimitSetting | null;
  organization_rate_limit: RateLimitSetting | null;
  lost_response_rate: number;
  /** The answers of the next N processed requests are lost (counted down, like `fail_next`). */
  lose_next: number;
  search_lag_ms: number;
  /**
   * The endpoint groups `fail_next`, `timeout_rate`, `error_rate`, `lost_response_rate` and
   * `lose_next` apply to; null: every one.
   */
  endpoints: string[] | null;
};

/** The state with no fault at all. */
export const NO_FAULTS: ActiveFaults = {
  error_rate: 0,
  error_status: 503,
  latency_ms: 0,
  timeout_rate: 0,
  timeout_ms: 30_000,
  fail_next: 0,
  rate_limit: null,
  organization_rate_limit: null,
  lost_response_rate: 0,
  lose_next: 0,
  search_lag_ms: 0,
  endpoints: null,
};

/** Fills in the defaults for the keys `settings` leaves out. */
export function resolveFaults(settings: FaultSettings): ActiveFaults {
  return {
    error_rate: settings.error_rate ?? NO_FAULTS.error_rate,
    error_status: settings.error_status ?? NO_FAULTS.error_status,
    latency_ms: settings.latency_ms ?? NO_FAULTS.latency_ms,
    timeout_rate: settings.timeout_rate ?? NO_FAULTS.timeout_rate,
    timeout_ms: settings.timeout_ms ?? NO_FAULTS.timeout_ms,
    fail_next: settings.fail_next ?? NO_FAULTS.fail_next,
    rate_limit: settings.rate_limit ?? NO_FAULTS.rate_limit,
    organization_rate_limit: settings.organization_rate_limit ?? NO_FAULTS.organization_rate_limit,
    lost_response_rate: settings.lost_response_rate ?? NO_FAULTS.lost_response_rate,
    lose_next: settings.lose_next ?? NO_FAULTS.lose_next,
    search_lag_ms: settings.search_lag_ms ?? NO_FAULTS.search_lag_ms,
    endpoints: settings.endpoints ?? NO_FAULTS.endpoints,
  };
}

/** Whether the request faults of `faults` apply to an endpoint group. */
export function appliesTo(faults: ActiveFaults, group: string): boolean {
  return faults.endpoints === null || faults.endpoints.includes(group);
}

/** What happens to a request instead of being processed, if anything. */
export type InjectedFailure = { kind: "error"; status: number } | { kind: "timeout" } | null;

/**
 * Decides whether a request fails before being processed: `fail_next` first (deterministic),
 * then `timeout_rate`, then `error_rate`. Returns the decision and the faults after it
 * (with `fail_next` counted down).
 */
export function chooseInjectedFailure(
  faults: ActiveFaults,
  random: () => number = Math.random,
): { failure: InjectedFailure; faults: ActiveFaults } {
  if (faults.fail_next > 0) {
    return {
      failure: { kind: "error", status: faults.error_status },
      faults: { ...faults, fail_next: faults.fail_next - 1 },
    };
  }
  // `random() < rate` is never true for 0 and always true for 1, so both are deterministic.
  if (random() < faults.timeout_rate) return { failure: { kind: "timeout" }, faults };
  if (random() < faults.error_rate) {
    return { failure: { kind: "error", status: faults.error_status }, faults };
  }
  return { failure: null, faults };
}

/**
 * Decides whether a processed request's answer is lost (held, then a 504): `lose_next` first
 * (deterministic), then `lost_response_rate`. Returns the decision and the faults after it
 * (with `lose_next` counted down).
 */
export function chooseLostResponse(
  faults: ActiveFaults,
  random: () => number = Math.random,
): { lose: boolean; faults: ActiveFaults } {
  if (faults.lose_next > 0)
    return { lose: true, faults: { ...faults, lose_next: faults.lose_next - 1 } };
  return { lose: random() < faults.lost_response_rate, faults };
}
