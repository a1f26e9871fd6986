// The bridge's connection to Close: the HTTP client with the CLOSE_API_KEY secret, and one
// rate-limit pacer per isolate shared by every request and queue batch it serves.
import { sha256Hex } from "../authenticate/bytes.ts";
import { type CloseClient, createCloseClient } from "../close/client.ts";
import { type CloseCall, observeTransport } from "../close/observe.ts";
import { RatePacer } from "../close/rate-limit.ts";
import { createHttpTransport } from "../close/transport.ts";
import { type BridgeConfig, readSecret } from "../config/load.ts";

/** Pacers by scope, in which the key is only a digest: a dump of this map shows no key. */
const pacers = new Map<string, RatePacer>();

/** Scopes by the Worker's bindings (one object per isolate): the key is digested once. */
const scopes = new WeakMap<Env, string>();

/** Names the Close API base and key a client uses (Close limits per key) by a digest of the key. */
async function scopeOf(env: Env, baseUrl: string, apiKey: string): Promise<string> {
  let scope = scopes.get(env);
  if (scope === undefined) {
    scope = `${baseUrl} key-sha256:${await sha256Hex(apiKey)}`;
    scopes.set(env, scope);
  }
  return scope;
}

/** The pacer of one scope. */
function pacerFor(scope: string): RatePacer {
  let pacer = pacers.get(scope);
  if (!pacer) {
    pacer = new RatePacer();
    pacers.set(scope, pacer);
  }
  return pacer;
}

/**
 * A Close client for this Worker's configuration.
 *
 * @param maxWaitMs the longest the client may wait for a rate-limit window before failing
 * @param options.deadline no request starts after this time (ms since the epoch)
 * @param options.observe hears of every request sent to Close (for the delivery log's attempts)
 */
export async function connectClose(
  env: Env,
  config: BridgeConfig,
  maxWaitMs: number,
  options: { deadline?: number; observe?: (call: CloseCall) => void } = {},
): Promise<CloseClient> {
  const apiKey = readSecret(env, "CLOSE_API_KEY");
  const http = createHttpTransport({
    baseUrl: config.CLOSE_API_BASE,
    apiKey,
    timeoutMs: config.CLOSE_TIMEOUT_MS,
  });
  const transport = options.observe ? observeTransport(http, options.observe) : http;
  const scope = await scopeOf(env, config.CLOSE_API_BASE, apiKey);
  return createCloseClient(
    transport,
    {
      pacer: pacerFor(scope),
      maxWaitMs,
      ...(options.deadline ? { deadline: options.deadline } : {}),
    },
    scope,
  );
}

/** Forgets every rate-limit window this isolate learned (tests start each case fresh with it). */
export function forgetRateLimits() {
  pacers.clear();
}
