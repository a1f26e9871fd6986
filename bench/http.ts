// Benchmarks 2 to 4, over HTTP on 127.0.0.1: the bridge, the Close simulator and the baseline
// Worker run in workerd through Miniflare (bench/servers.ts), each phase on fresh local state;
// autocannon makes the load.
import { readFileSync } from "node:fs";
import autocannon from "autocannon";
import { parse as parseToml } from "smol-toml";
import { type Runtime, startBenchServers } from "./servers.ts";

const BRIDGE = "http://127.0.0.1:8787";
const SIMULATOR = "http://127.0.0.1:8788";
const BASELINES = "http://127.0.0.1:8790";
const ORIGIN = "http://127.0.0.1:8789";

/** The development secrets the bench's bridge runs with. */
function devSecret(name: string): string {
  const line = readFileSync(".dev.vars.example", "utf8")
    .split("\n")
    .find((l) => l.startsWith(`${name}=`));
  if (!line) throw new Error(`.dev.vars.example has no ${name}`);
  return line.slice(name.length + 1);
}

/** A load's figures. */
export type LoadFigures = { rps: number; p50: number; p99: number; non2xx: number; errors: number };

async function setFaults(faults: Record<string, unknown>) {
  const response = await fetch(`${SIMULATOR}/__sim/faults`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(faults),
  });
  if (!response.ok) throw new Error(`faults: ${response.status}`);
}

let visitor = 0;
/** A new visitor address for each request: the per-IP limit sees many visitors, as a site does. */
function nextVisitorIp(): string {
  visitor += 1;
  return `10.${(visitor >> 16) & 255}.${(visitor >> 8) & 255}.${visitor & 255}`;
}

const FORM_BODY = new URLSearchParams({
  name: "Ada Lovelace",
  email: "ada@analytical.example",
  phone: "(415) 555-0100",
  message: "Please call me about the engine.",
}).toString();

/** Runs one load against `url` for `seconds`. */
async function load(
  url: string,
  headers: Record<string, string>,
  seconds: number,
  connections: number,
  rotateIp = false,
): Promise<LoadFigures> {
  const result = await autocannon({
    url,
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", ...headers },
    body: FORM_BODY,
    connections,
    duration: seconds,
    ...(rotateIp
      ? {
          requests: [
            {
              setupRequest: (request) => ({
                ...request,
                headers: { ...request.headers, "cf-connecting-ip": nextVisitorIp() },
              }),
            },
          ],
        }
      : {}),
  });
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
  };
}

/** The median of numbers. */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

function medianFigures(runs: LoadFigures[]): LoadFigures {
  return {
    rps: median(runs.map((r) => r.rps)),
    p50: median(runs.map((r) => r.p50)),
    p99: median(runs.map((r) => r.p99)),
    non2xx: runs.reduce((sum, r) => sum + r.non2xx, 0),
    errors: runs.reduce((sum, r) => sum + r.errors, 0),
  };
}

const ADMIN = { authorization: `Bearer ${devSecret("ADMIN_TOKEN")}` };
const BROWSER = { accept: "application/json", origin: ORIGIN };

/** Benchmark 2: ingest throughput of a bare handler, the preview and queue-mode ingest. */
export async function measureIngest(
  runtime: Runtime,
  rounds: { preview: number; queue: number },
  seconds: number,
  connections: number,
) {
  const servers = await startBenchServers(runtime);
  try {
    // Close never answers in time: the consumer waits on the network instead of competing for
    // the CPU with the ingest being measured.
    await setFaults({ latency_ms: 60_000 });
    const targets = {
      bare: (s = seconds) => load(`${BASELINES}/bare`, BROWSER, s, connections),
      preview: (s = seconds) =>
        load(
          `${BRIDGE}/v1/hooks/website/preview?close=0`,
          { ...BROWSER, ...ADMIN },
          s,
          connections,
        ),
      queue: (s = seconds) => load(`${BRIDGE}/v1/hooks/website`, BROWSER, s, connections, true),
      // One D1 INSERT a request and nothing else: what the local D1 allows on its own.
      d1Write: (s = seconds) => load(`${BASELINES}/d1-write`, BROWSER, s, connections),
    };
    // Each target is measured in rounds against the bare handler, a pair at a time (every other
    // round in the reverse order, so that drift in the machine's load does not always favour
    // the same one), and the ratio is the median of the rounds' own ratios. The preview goes
    // first: once queue-mode posts exist, their deliveries wait on Close in the background
    // and give up after CLOSE_TIMEOUT_MS, which would land in the preview's rounds.
    const measureAgainstBare = async (
      target: (s?: number) => Promise<LoadFigures>,
      count: number,
    ) => {
      // A second of each first (JIT, connections, first-request work), not counted.
      await targets.bare(1);
      await target(1);
      const runs: LoadFigures[] = [];
      const bareRuns: LoadFigures[] = [];
      const ratios: number[] = [];
      for (let round = 0; round < count; round++) {
        let bare: LoadFigures;
        let figures: LoadFigures;
        if (round % 2 === 0) {
          bare = await targets.bare();
          figures = await target();
        } else {
          figures = await target();
          bare = await targets.bare();
        }
        bareRuns.push(bare);
        runs.push(figures);
        ratios.push(figures.rps / bare.rps);
      }
      return {
        figures: medianFigures(runs),
        bare: medianFigures(bareRuns),
        ratio: median(ratios),
        ratios,
      };
    };
    const preview = await measureAgainstBare(targets.preview, rounds.preview);
    const queue = await measureAgainstBare(targets.queue, rounds.queue);
    await targets.d1Write(1);
    const d1Write = await targets.d1Write();
    const timing = await measureWhereTimeGoes(100);
    return {
      // The bare handler as measured beside the preview, with nothing in the background.
      bare: preview.bare,
      preview: preview.figures,
      queue: queue.figures,
      previewRatio: preview.ratio,
      previewRatios: preview.ratios,
      queueRatio: queue.ratio,
      d1Write,
      timing,
    };
  } finally {
    await servers.stop();
  }
}

/** Where a queue-mode ingest's time goes: sequential requests, medians. */
export type TimeBreakdown = {
  count: number;
  /** Whole-request latency seen by the client, per target. */
  latencyMs: { bare: number; preview: number; queue: number; d1Write: number; queueSend: number };
  /** One D1 INSERT alone, and one queue send alone (the baseline Worker's `Server-Timing`). */
  d1WriteMs: number;
  queueSendMs: number;
};

/**
 * Sends `count` posts one at a time to each of the bare handler, the preview, queue-mode ingest
 * and the baseline's D1 write and queue send, taking turns so that drift touches all alike.
 */
async function measureWhereTimeGoes(count: number): Promise<TimeBreakdown> {
  // Each target, and the name of the wait it times in `Server-Timing` (the baseline's only).
  const targets = {
    bare: { url: `${BASELINES}/bare`, headers: BROWSER },
    preview: {
      url: `${BRIDGE}/v1/hooks/website/preview?close=0`,
      headers: { ...BROWSER, ...ADMIN },
    },
    queue: { url: `${BRIDGE}/v1/hooks/website`, headers: BROWSER },
    d1Write: { url: `${BASELINES}/d1-write`, headers: BROWSER, timing: "write" },
    queueSend: { url: `${BASELINES}/queue-send`, headers: BROWSER, timing: "send" },
  };
  type Name = keyof typeof targets;
  const names = Object.keys(targets) as Name[];
  const latency = Object.fromEntries(names.map((name) => [name, [] as number[]])) as Record<
    Name,
    number[]
  >;
  const timed = { d1Write: [] as number[], queueSend: [] as number[] };
  for (let i = 0; i < count; i++) {
    for (const name of names) {
      const target: { url: string; headers: Record<string, string>; timing?: string } =
        targets[name];
      const started = performance.now();
      const response = await fetch(target.url, {
        method: "POST",
        headers: {
          ...target.headers,
          "content-type": "application/x-www-form-urlencoded",
          "cf-connecting-ip": nextVisitorIp(),
        },
        body: FORM_BODY,
      });
      await response.arrayBuffer();
      if (!response.ok) throw new Error(`${target.url}: ${response.status}`);
      latency[name].push(performance.now() - started);
      if (target.timing && (name === "d1Write" || name === "queueSend")) {
        const header = response.headers.get("server-timing") ?? "";
        const match = new RegExp(`${target.timing};dur=([\\d.]+)`).exec(header);
        timed[name].push(Number(match?.[1] ?? Number.NaN));
      }
    }
  }
  return {
    count,
    latencyMs: {
      bare: median(latency.bare),
      preview: median(latency.preview),
      queue: median(latency.queue),
      d1Write: median(latency.d1Write),
      queueSend: median(latency.queueSend),
    },
    d1WriteMs: median(timed.d1Write),
    queueSendMs: median(timed.queueSend),
  };
}

/** Latency figures of an open-loop run. */
export type LatencyFigures = { rate: number; p50: number; p99: number; failed: number };

function percentile(sorted: number[], p: number): number {
  return (
    sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))] ?? Number.NaN
  );
}

/**
 * Sends `rate` requests a second for `seconds`, each on schedule whether or not earlier ones
 * were answered (an open loop: senders do not wait for each other), and measures each answer.
 */
async function openLoop(
  url: string,
  init: () => RequestInit,
  rate: number,
  seconds: number,
): Promise<LatencyFigures> {
  const latencies: number[] = [];
  let failed = 0;
  const pending: Promise<void>[] = [];
  const start = performance.now();
  for (let i = 0; i < rate * seconds; i++) {
    const wait = start + (i * 1000) / rate - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    pending.push(
      (async () => {
        const sent = performance.now();
        try {
          const response = await fetch(url, init());
          await response.arrayBuffer();
          if (!response.ok) failed += 1;
          latencies.push(performance.now() - sent);
        } catch {
          failed += 1;
        }
      })(),
    );
  }
  await Promise.all(pending);
  const sorted = latencies.sort((a, b) => a - b);
  return { rate, p50: percentile(sorted, 0.5), p99: percentile(sorted, 0.99), failed };
}

/** Benchmark 3: what a sender waits for when every Close answer takes 300 ms. */
export async function measureSenders(
  runtime: Runtime,
  rounds: number,
  seconds: number,
  rate: number,
) {
  const sources = (
    parseToml(readFileSync("wrangler.toml", "utf8")) as {
      vars: { SOURCES: Record<string, Record<string, unknown>> };
    }
  ).vars.SOURCES;
  // One more source: the website form in sync mode.
  const servers = await startBenchServers(runtime, {
    SOURCES: { ...sources, website_sync: { ...sources.website, mode: "sync" } },
  });
  try {
    // Close is slow but never refuses: this benchmark is about waiting, not rate limits.
    await setFaults({ latency_ms: 300, rate_limit: { limit: 100_000, window_s: 1 } });
    const post = (rotate: boolean) => () => ({
      method: "POST",
      headers: {
        ...BROWSER,
        "content-type": "application/x-www-form-urlencoded",
        "cf-connecting-ip": rotate ? nextVisitorIp() : "10.255.0.1",
      },
      body: FORM_BODY,
    });
    const targets = {
      queue: (s = seconds) => openLoop(`${BRIDGE}/v1/hooks/website`, post(true), rate, s),
      sync: (s = seconds) => openLoop(`${BRIDGE}/v1/hooks/website_sync`, post(true), rate, s),
      naive: (s = seconds) => openLoop(`${BASELINES}/naive`, post(false), rate, s),
    };
    // A second of each first (JIT, connections, first-request work), not counted.
    for (const run of Object.values(targets)) await run(1);
    const runs: Record<keyof typeof targets, LatencyFigures[]> = { queue: [], sync: [], naive: [] };
    for (let round = 0; round < rounds; round++) {
      for (const [name, run] of Object.entries(targets) as [
        keyof typeof targets,
        (s?: number) => Promise<LatencyFigures>,
      ][]) {
        runs[name].push(await run());
      }
    }
    const medianOf = (list: LatencyFigures[]): LatencyFigures => ({
      rate,
      p50: median(list.map((r) => r.p50)),
      p99: median(list.map((r) => r.p99)),
      failed: list.reduce((sum, r) => sum + r.failed, 0),
    });
    return { queue: medianOf(runs.queue), sync: medianOf(runs.sync), naive: medianOf(runs.naive) };
  } finally {
    await servers.stop();
  }
}

type SimRequest = { method: string; path: string; status: number | null; at: string };

/** Benchmark 4: 1,000 queued submissions delivered under Close's rate limit. */
export async function measureDelivery(
  runtime: Runtime,
  count: number,
  limitPerSecond: number,
  deadlineS: number,
) {
  const servers = await startBenchServers(runtime);
  try {
    await setFaults({ rate_limit: { limit: limitPerSecond, window_s: 1 } });
    const token = devSecret("ZAPIER_TOKEN");
    const ids: string[] = [];
    const send = async (i: number) => {
      const response = await fetch(`${BRIDGE}/v1/hooks/zapier`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
        body: JSON.stringify({
          id: `bench-${i}`,
          contact: { name: `Person ${i}`, email: `person${i}@bench.example` },
          notes: `Submission ${i} of the delivery benchmark.`,
        }),
      });
      if (response.status !== 202) throw new Error(`ingest ${i}: ${response.status}`);
      ids.push(((await response.json()) as { id: string }).id);
    };
    for (let i = 0; i < count; i += 20)
      await Promise.all(Array.from({ length: Math.min(20, count - i) }, (_, j) => send(i + j)));

    const deadline = Date.now() + deadlineS * 1000;
    let contacts = 0;
    let notes = 0;
    while (Date.now() < deadline) {
      contacts = (
        (await (await fetch(`${SIMULATOR}/__sim/contacts`)).json()) as { data: unknown[] }
      ).data.length;
      notes = ((await (await fetch(`${SIMULATOR}/__sim/notes`)).json()) as { data: unknown[] }).data
        .length;
      if (contacts >= count && notes >= count) break;
      await new Promise((r) => setTimeout(r, 1000));
    }
    // Let anything still in flight finish before counting.
    await new Promise((r) => setTimeout(r, 2000));
    const requests = (
      (await (await fetch(`${SIMULATOR}/__sim/requests`)).json()) as { data: SimRequest[] }
    ).data;
    const statuses = new Map<string, number>();
    let delivered = 0;
    let cursor = "";
    for (;;) {
      const page = (await (
        await fetch(
          `${BRIDGE}/v1/admin/submissions?source=zapier&limit=200${cursor ? `&cursor=${cursor}` : ""}`,
          { headers: ADMIN },
        )
      ).json()) as { data: { status: string }[]; next_cursor: string | null };
      for (const s of page.data) statuses.set(s.status, (statuses.get(s.status) ?? 0) + 1);
      delivered += page.data.filter((s) => s.status === "delivered").length;
      if (!page.next_cursor) break;
      cursor = page.next_cursor;
    }
    const ok = requests.filter((r) => r.status !== 429);
    const groups = new Map<string, number>();
    for (const r of ok) {
      const group = `${r.method} ${r.path.replace(/\/(cont|lead|acti)_[A-Za-z0-9]+/g, "/{id}")}`;
      groups.set(group, (groups.get(group) ?? 0) + 1);
    }
    const times = requests.map((r) => Date.parse(r.at));
    const elapsedS = (Math.max(...times) - Math.min(...times)) / 1000;
    // The least time `limitPerSecond` requests a second allows: the busiest group's last request
    // cannot be sent before floor((n - 1) / limit) windows have passed.
    const ceilingS = Math.max(
      ...[...groups.values()].map((n) => Math.floor((n - 1) / limitPerSecond)),
    );
    const tooMany = requests.length - ok.length;
    // Requests of the busiest group in each second: how full each rate-limit window was.
    const start = Math.min(...times);
    const busiest = [...groups.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? "";
    const perSecond: number[] = [];
    for (const r of ok) {
      const group = `${r.method} ${r.path.replace(/\/(cont|lead|acti)_[A-Za-z0-9]+/g, "/{id}")}`;
      if (group !== busiest) continue;
      const second = Math.floor((Date.parse(r.at) - start) / 1000);
      perSecond[second] = (perSecond[second] ?? 0) + 1;
    }
    const contactsFinal = (
      (await (await fetch(`${SIMULATOR}/__sim/contacts`)).json()) as {
        data: { emails: { email: string }[] }[];
      }
    ).data;
    const distinctEmails = new Set(contactsFinal.map((c) => c.emails[0]?.email)).size;
    return {
      submitted: ids.length,
      delivered,
      statuses: Object.fromEntries(statuses),
      contacts: contactsFinal.length,
      distinctEmails,
      notes,
      groups: Object.fromEntries(groups),
      elapsedS,
      ceilingS,
      tooMany,
      windows: Math.ceil(elapsedS),
      perSecond: Array.from(perSecond, (n) => n ?? 0),
    };
  } finally {
    await servers.stop();
  }
}
