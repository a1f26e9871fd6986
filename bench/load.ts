// Closed-loop load with autocannon: a fixed number of connections, each sending its next post
// as soon as the last is answered, for a fixed time. Every load goes to 127.0.0.1.
import autocannon from "autocannon";
import { cpuTimeNs } from "./proc.ts";
import { median } from "./stats.ts";

/** A request to load a target with. */
export type LoadRequest = {
  url: string;
  headers: Record<string, string>;
  body: Uint8Array | string;
  /** A new `CF-Connecting-IP` per request: the per-IP rate limit sees many visitors. */
  rotateIp?: boolean;
  /** The body of each request, when each must differ (a new submission each time). */
  nextBody?: () => string;
};

/**
 * A load's figures: requests per second, latency percentiles (ms), and workerd's CPU time per
 * request (µs; NaN where /proc cannot tell).
 */
export type LoadFigures = {
  rps: number;
  p50: number;
  p99: number;
  cpuUs: number;
  non2xx: number;
  errors: number;
};

let visitor = 0;
/** A new visitor address for each call (10.0.0.1, 10.0.0.2, ...). */
export function nextVisitorIp(): string {
  visitor += 1;
  return `10.${(visitor >> 16) & 255}.${(visitor >> 8) & 255}.${visitor & 255}`;
}

/** Loads `request` with `connections` connections for `seconds` (workerd: its process, if known). */
export async function load(
  request: LoadRequest,
  seconds: number,
  connections: number,
  workerd?: number,
): Promise<LoadFigures> {
  const cpuBefore = workerd === undefined ? 0 : cpuTimeNs(workerd);
  const result = await autocannon({
    url: request.url,
    method: "POST",
    headers: request.headers,
    body: Buffer.from(request.body),
    connections,
    duration: seconds,
    ...(request.rotateIp || request.nextBody
      ? {
          requests: [
            {
              setupRequest: (spec) => ({
                ...spec,
                headers: {
                  ...spec.headers,
                  ...(request.rotateIp ? { "cf-connecting-ip": nextVisitorIp() } : {}),
                },
                ...(request.nextBody ? { body: request.nextBody() } : {}),
              }),
            },
          ],
        }
      : {}),
  });
  const cpuNs = workerd === undefined ? Number.NaN : cpuTimeNs(workerd) - cpuBefore;
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    cpuUs: cpuNs / 1000 / Math.max(1, result.requests.total),
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
  };
}

/** The median of each figure over runs (the counts summed). */
export function medianFigures(runs: LoadFigures[]): LoadFigures {
  return {
    rps: median(runs.map((r) => r.rps)),
    p50: median(runs.map((r) => r.p50)),
    p99: median(runs.map((r) => r.p99)),
    cpuUs: median(runs.map((r) => r.cpuUs)),
    non2xx: runs.reduce((sum, r) => sum + r.non2xx, 0),
    errors: runs.reduce((sum, r) => sum + r.errors, 0),
  };
}

/** A target measured against its baseline in paired rounds. */
export type Paired = {
  target: LoadFigures;
  baseline: LoadFigures;
  /** Each round's target/baseline throughput and p99 ratios, in the order run. */
  rpsRatios: number[];
  p99Ratios: number[];
  /** Each round's baseline/target workerd CPU per request: the throughput ratio CPU allows. */
  cpuRatios: number[];
};

/**
 * Loads each of `requests` once a round for `rounds` rounds, the order rotated every round so
 * that drift in the shared machine's speed favours none; each round's runs are kept, in the
 * order of `requests`.
 */
export async function measureRounds(
  requests: LoadRequest[],
  rounds: number,
  seconds: number,
  connections: number,
  workerd?: number,
): Promise<LoadFigures[][]> {
  const runs: LoadFigures[][] = [];
  for (let round = 0; round < rounds; round++) {
    const figures: LoadFigures[] = [];
    for (let step = 0; step < requests.length; step++) {
      const index = (round + step) % requests.length;
      figures[index] = await load(requests[index] as LoadRequest, seconds, connections, workerd);
    }
    runs.push(figures);
  }
  return runs;
}

/** `target`'s figures against `baseline`'s, from rounds of `measureRounds` (index of each). */
export function pairOf(runs: LoadFigures[][], target: number, baseline: number): Paired {
  const targets = runs.map((round) => round[target] as LoadFigures);
  const baselines = runs.map((round) => round[baseline] as LoadFigures);
  return {
    target: medianFigures(targets),
    baseline: medianFigures(baselines),
    rpsRatios: targets.map((t, i) => t.rps / (baselines[i]?.rps ?? Number.NaN)),
    p99Ratios: targets.map((t, i) => t.p99 / (baselines[i]?.p99 ?? Number.NaN)),
    cpuRatios: targets.map((t, i) => (baselines[i]?.cpuUs ?? Number.NaN) / t.cpuUs),
  };
}
