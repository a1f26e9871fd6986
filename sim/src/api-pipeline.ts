// What happens to every `/api/v1` request before and after its route, in order: log it,
// apply injected latency, injected failures (fail_next, timeouts, errors), the rate limits
// (per key and per organization, 429), authentication (401), then the route; maybe lose the
// answer; stamp `RateLimit`.
import type { Context, MiddlewareHandler } from "hono";
import { matchedRoutes } from "hono/route";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { API_PREFIX, type AppEnv, type SimulatorDeps } from "./app-env.ts";
import { findApiKey } from "./auth.ts";
import { waitFor } from "./clock.ts";
import { CloseApiError, respondWithError, statusError } from "./errors.ts";
import {
  type ActiveFaults,
  appliesTo,
  chooseInjectedFailure,
  chooseLostResponse,
} from "./faults.ts";
import {
  deriveOrganizationLimit,
  formatRateLimitHeader,
  formatRetryAfter,
  type RateLimitBucket,
  type RateLimitState,
} from "./rate-limit.ts";
import { describeLoggedBody, readRequestBody } from "./request-body.ts";

const PIPELINE_PATH = `${API_PREFIX}/*`;

/** Builds the middleware that wraps every Close API route. */
export function createApiPipeline(deps: SimulatorDeps): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const url = new URL(c.req.url);
    const body = await readRequestBody(c.req.raw);
    c.set("requestBody", body);
    const logSeq = deps.requestLog.record({
      method: c.req.method,
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      body: describeLoggedBody(body),
      at: new Date().toISOString(),
    });

    const latency = deps.faults.read().latency_ms;
    if (latency > 0) await waitFor(latency);

    const apiKey = findApiKey(c.req.header("Authorization"), deps.config.API_KEYS);
    const group = describeEndpointGroup(c, url);
    const { response, rateLimit } = await answer(c, next, deps, apiKey, group);
    // Once a route has answered, Hono ignores a middleware's return value: assign instead.
    if (response) c.res = response;
    c.res.headers.set("RateLimit", formatRateLimitHeader(rateLimit));
    deps.requestLog.finish(logSeq, c.res.status);
  };
}

async function answer(
  c: Context<AppEnv>,
  next: () => Promise<void>,
  deps: SimulatorDeps,
  apiKey: string | null,
  group: string,
): Promise<{ response: Response | null; rateLimit: RateLimitState }> {
  // Read, decide and write back in one synchronous step, so that concurrent requests each
  // take their own share of `fail_next`. Faults scoped to other endpoint groups pass this one by.
  const current = deps.faults.read();
  const targeted = appliesTo(current, group);
  const decision = targeted ? chooseInjectedFailure(current) : { failure: null, faults: current };
  if (targeted) deps.faults.write(decision.faults);
  const faults = decision.faults;
  const buckets = chooseRateLimitBuckets(deps, faults, apiKey, group);

  if (decision.failure?.kind === "timeout") {
    await waitFor(faults.timeout_ms);
    const rateLimit = deps.rateLimiter.peek(buckets);
    return { response: respondWithError(statusError(504), c), rateLimit };
  }
  if (decision.failure?.kind === "error") {
    // Any 4xx/5xx can be asked for; Hono's status type only lists the named ones.
    const error = statusError(decision.failure.status as ContentfulStatusCode);
    return { response: respondWithError(error, c), rateLimit: deps.rateLimiter.peek(buckets) };
  }

  const rateLimit = deps.rateLimiter.consume(buckets);
  if (!rateLimit.allowed) {
    const error = statusError(429);
    const refused = new CloseApiError(429, error.body, {
      "Retry-After": formatRetryAfter(rateLimit),
    });
    return { response: respondWithError(refused, c), rateLimit };
  }
  if (apiKey === null) return { response: respondWithError(statusError(401), c), rateLimit };

  await next();
  // Read, decide and write back in one synchronous step, as for fail_next.
  const lost = targeted ? chooseLostResponse(deps.faults.read()) : { lose: false };
  if ("faults" in lost) deps.faults.write(lost.faults);
  if (lost.lose) {
    // Processed and committed, but the client never hears: it sees a gateway timeout.
    await waitFor(deps.faults.read().timeout_ms);
    return { response: respondWithError(statusError(504), c), rateLimit };
  }
  // null: the route's own answer stands.
  return { response: null, rateLimit };
}

/**
 * The budgets a request counts against: its key's for the endpoint group, and the
 * organization's for the group (shared by every accepted key). Bad credentials share one
 * bucket per group, so that they are limited too, but are no part of the organization.
 */
function chooseRateLimitBuckets(
  deps: SimulatorDeps,
  faults: ActiveFaults,
  apiKey: string | null,
  group: string,
): RateLimitBucket[] {
  const perKey = faults.rate_limit ?? deps.config.RATE_LIMIT;
  const keyBucket = { name: `key ${apiKey ?? "(unauthenticated)"} ${group}`, setting: perKey };
  if (apiKey === null) return [keyBucket];
  const organization = faults.organization_rate_limit ?? deriveOrganizationLimit(perKey);
  return [keyBucket, { name: `organization ${group}`, setting: organization }];
}

/**
 * The endpoint group of a request, e.g. `GET /contact/{id}/`: its method and the pattern of
 * the route it matched (or its own path when none matched).
 */
function describeEndpointGroup(c: Context<AppEnv>, url: URL): string {
  const route = matchedRoutes(c).find((candidate) => candidate.path !== PIPELINE_PATH);
  const path = route ? route.path.replace(/:(\w+)/g, "{$1}") : url.pathname;
  const withinApi = path.startsWith(API_PREFIX) ? path.slice(API_PREFIX.length) : path;
  return `${c.req.method} ${withinApi.endsWith("/") ? withinApi : `${withinApi}/`}`;
}
