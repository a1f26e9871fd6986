// The bridge's connection to Close: the HTTP client with the CLOSE_API_KEY secret, and one
// rate-limit pacer per isolate shared by every request and queue batch it serves.
import { type CloseClient, createCloseClient, createHttpTransport } from "../close/client.ts";
import { RatePacer } from "../close/rate-limit.ts";
import { type BridgeConfig, readSecret } from "../config/load.ts";

const pacers = new Map<string, RatePacer>();

/** The pacer of one Close API base and key (Close limits per key). */
function pacerFor(key: string): RatePacer {
  let pacer = pacers.get(key);
  if (!pacer) {
    pacer = new RatePacer();
    pacers.set(key, pacer);
  }
  return pacer;
}

/**
 * A Close client for this Worker's configuration.
 *
 * @param maxWaitMs the longest the client may wait for a rate-limit window before failing
 */
export function connectClose(env: Env, config: BridgeConfig, maxWaitMs: number): CloseClient {
  const apiKey = readSecret(env, "CLOSE_API_KEY");
  const transport = createHttpTransport({
    baseUrl: config.CLOSE_API_BASE,
    apiKey,
    timeoutMs: config.CLOSE_TIMEOUT_MS,
  });
  const scope = `${config.CLOSE_API_BASE} ${apiKey}`;
  return createCloseClient(transport, { pacer: pacerFor(scope), maxWaitMs }, scope);
}

/** Forgets every rate-limit window this isolate learned (tests start each case fresh with it). */
export function forgetRateLimits() {
  pacers.clear();
}
