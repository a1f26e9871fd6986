// Benchmarks 3 and 4, over HTTP on 127.0.0.1 straight to workerd (bench/servers.ts): what a
// sender waits for when Close is slow, and 1,000 submissions delivered at Close's pace. Each
// phase runs on fresh local state, with the queue consumers running.
import { readFileSync } from "node:fs";
import { parse as parseToml } from "smol-toml";
import { nextVisitorIp } from "./load.ts";
import { devSecrets, startBenchServers } from "./servers.ts";
import { median, percentile } from "./stats.ts";

const SITE = "http://127.0.0.1:8789";
const BROWSER = { accept: "application/json", origin: SITE };

const FORM_BODY = new URLSearchParams({
  name: "Ada Lovelace",
  email: "ada@analytical.example",
  phone: "(415) 555-0100",
  message: "Please call me about the engine.",
}).toString();

async function setFaults(simulator: string, faults: Record<string, unknown>) {
  const response = await fetch(`${simulator}/__sim/faults`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(faults),
  });
  if (!response.ok) throw new Error(`faults: ${response.status}`);
}

/** Latency figures of an open-loop run. */
export type LatencyFigures = { rate: number; p50: number; p99: number; failed: number };

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
  bridgeScript: string,
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
  const servers = await startBenchServers({
    bridgeScript,
    consumers: true,
    bridgeVars: { SOURCES: { ...sources, website_sync: { ...sources.website, mode: "sync" } } },
  });
  const { bridge, simulator, baselines } = servers.urls;
  try {
    // Close is slow but never refuses: this benchmark is about waiting, not rate limits.
    await setFaults(simulator, { latency_ms: 300, rate_limit: { limit: 100_000, window_s: 1 } });
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
      queue: (s = seconds) => openLoop(`${bridge}/v1/hooks/website`, post(true), rate, s),
      sync: (s = seconds) => openLoop(`${bridge}/v1/hooks/website_sync`, post(true), rate, s),
      naive: (s = seconds) => openLoop(`${baselines}/naive`, post(false), rate, s),
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
  bridgeScript: string,
  count: number,
  limitPerSecond: number,
  deadlineS: number,
) {
  const servers = await startBenchServers({ bridgeScript, consumers: true });
  const { bridge, simulator } = servers.urls;
  const admin = { authorization: `Bearer ${devSecrets().ADMIN_TOKEN}` };
  try {
    await setFaults(simulator, { rate_limit: { limit: limitPerSecond, window_s: 1 } });
    const token = devSecrets().ZAPIER_TOKEN;
    const ids: string[] = [];
    const send = async (i: number) => {
      const response = await fetch(`${bridge}/v1/hooks/zapier`, {
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
        (await (await fetch(`${simulator}/__sim/contacts`)).json()) as { data: unknown[] }
      ).data.length;
      notes = ((await (await fetch(`${simulator}/__sim/notes`)).json()) as { data: unknown[] }).data
        .length;
      if (contacts >= count && notes >= count) break;
      await new Promise((r) => setTimeout(r, 1000));
    }
    // Let anything still in flight finish before counting.
    await new Promise((r) => setTimeout(r, 2000));
    const requests = (
      (await (await fetch(`${simulator}/__sim/requests`)).json()) as { data: SimRequest[] }
    ).data;
    const statuses = new Map<string, number>();
    let delivered = 0;
    let cursor = "";
    for (;;) {
      const page = (await (
        await fetch(
          `${bridge}/v1/admin/submissions?source=zapier&limit=200${cursor ? `&cursor=${cursor}` : ""}`,
          { headers: admin },
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
      (await (await fetch(`${simulator}/__sim/contacts`)).json()) as {
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
