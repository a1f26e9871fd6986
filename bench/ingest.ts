// Benchmark 2, ingest against the platform's floor, straight to workerd (bench/servers.ts):
// (a) the preview `?close=0` (stages 1-6, nothing stored or sent) of each kind of source
// against the bare handler and a hand-written receiver of the same sender, and (b) queue-mode
// ingest against the minimal durable acknowledgement (one D1 INSERT and one queue send, then
// 202), both in rounds of runs in rotated order; then, one request at a time, where a
// queue-mode post's milliseconds go.
import { readFileSync } from "node:fs";
import { parse as parseToml } from "smol-toml";
import { type BenchFixture, buildFixture } from "./fixtures.ts";
import {
  type LoadFigures,
  type LoadRequest,
  load,
  measureRounds,
  nextVisitorIp,
  type Paired,
  pairOf,
} from "./load.ts";
import { devSecrets, startBenchServers } from "./servers.ts";
import { median } from "./stats.ts";

/** Where the website's form is, as its allowed origin (wrangler.toml). */
const SITE = "http://127.0.0.1:8789";
const BROWSER = { accept: "application/json", origin: SITE };
const PREVIEW = "/v1/hooks/{source}/preview?close=0";

/**
 * The kinds of source the preview is measured for, the fixture each posts, and the baseline
 * Worker's hand-written receiver of the same sender (bench/baselines/worker.ts).
 */
export const PREVIEW_KINDS = [
  {
    kind: "form",
    label: "website form (URL-encoded; admin token)",
    provider: "website",
    file: "contact-form.txt",
    glue: "/glue/form",
  },
  {
    kind: "signed JSON",
    label: "Typeform (JSON, HMAC-SHA256 signature)",
    provider: "typeform",
    file: "form-response.json",
    glue: "/glue/typeform",
  },
  {
    kind: "multipart with a token",
    label: "Jotform (multipart, ?token=)",
    provider: "jotform",
    file: "submission.fields.json",
    glue: "/glue/jotform",
  },
] as const;

/**
 * One preview kind's figures against the bare handler (the budget's pair), with the
 * hand-written receiver measured in the same rounds: the preview against it, and it against
 * the bare handler.
 */
export type PreviewFigures = Paired & {
  kind: string;
  label: string;
  ratio: number;
  cpuRatio: number;
  glue: { vsPreview: Paired; vsBare: Paired; previewRatio: number; bareRatio: number };
};

/** Queue-mode ingest against the minimal durable acknowledgement. */
export type QueueFigures = Paired & { rpsRatio: number; p99Ratio: number; cpuRatio: number };

/** Sequential latency of each request (median and p90 over `count`, ms). */
export type Breakdown = {
  count: number;
  latency: Record<BreakdownTarget, { p50: number; p90: number }>;
  /** The baseline's own timing of its two platform calls (`Server-Timing`, medians, ms). */
  insertMs: number;
  sendMs: number;
};

type BreakdownTarget =
  | "bare"
  | "preview"
  | "baseline"
  | "queue"
  | "queueNoLimit"
  | "queueMiniflareLimit";

/** Round counts and lengths. */
export type IngestPlan = {
  preview: { rounds: number; seconds: number };
  queue: { rounds: number; seconds: number };
  queueUnlimited: { rounds: number; seconds: number };
  connections: number;
  sequential: number;
};

/** The preview request of a kind: its sender's own credentials, or the admin token. */
function previewRequest(url: string, fixture: BenchFixture): LoadRequest {
  const publicSource = fixture.source === "website";
  return {
    url: `${url}${fixture.path}`,
    headers: {
      ...fixture.headers,
      ...(publicSource ? { ...BROWSER, authorization: `Bearer ${devSecrets().ADMIN_TOKEN}` } : {}),
    },
    body: fixture.body,
  };
}

/**
 * Bodies of the same form with a new idempotency key each (as many people sending the form
 * would): the key's 32 hex digits replaced by a counter of the same length.
 */
export function newFormSubmission(body: string): () => string {
  const key = /(^|&)idempotency_key=([0-9a-f]{32})(&|$)/.exec(body);
  if (!key) throw new Error("the form fixture has no idempotency_key of 32 hex digits");
  const start = key.index + (key[1] ?? "").length + "idempotency_key=".length;
  const run = Date.now().toString(16).padStart(16, "0");
  let sent = 0;
  return () => {
    sent += 1;
    return `${body.slice(0, start)}${run}${sent.toString(16).padStart(16, "0")}${body.slice(start + 32)}`;
  };
}

async function check(request: LoadRequest, status: number) {
  const response = await fetch(request.url, {
    method: "POST",
    headers: { ...request.headers, "cf-connecting-ip": nextVisitorIp() },
    body: request.nextBody?.() ?? request.body,
  });
  const text = await response.text();
  if (response.status !== status) throw new Error(`${request.url}: ${response.status} ${text}`);
}

/**
 * A second of each of `requests` first (JIT, connections, first-request work), not counted;
 * then rounds of them all, the order rotated (`measureRounds`).
 */
async function warmThenRounds(
  requests: LoadRequest[],
  rounds: { rounds: number; seconds: number },
  connections: number,
  workerd: number | undefined,
) {
  for (const request of requests) await load(request, 1, connections);
  return measureRounds(requests, rounds.rounds, rounds.seconds, connections, workerd);
}

/** Runs (a), (b) and the breakdown on one set of Workers, without queue consumers. */
export async function measureIngest(bridgeScript: string, plan: IngestPlan) {
  const sources = (
    parseToml(readFileSync("wrangler.toml", "utf8")) as {
      vars: { SOURCES: Record<string, Record<string, unknown>> };
    }
  ).vars.SOURCES;
  const website = sources.website ?? {};
  const servers = await startBenchServers({
    bridgeScript,
    consumers: false,
    bridgeVars: {
      // The website form twice more, for the breakdown only: without its per-IP rate limit,
      // and with Miniflare's simulation of the rate-limiting binding.
      SOURCES: {
        ...sources,
        website_unlimited: { ...website, rate_limit: false },
        website_miniflare_limit: { ...website, rate_limit: "MINIFLARE_RATE_LIMITER" },
      },
    },
  });
  try {
    const { bridge, baselines } = servers.urls;
    const previews: PreviewFigures[] = [];
    for (const { kind, label, provider, file, glue } of PREVIEW_KINDS) {
      const fixture = await buildFixture(provider, file, PREVIEW);
      const target = previewRequest(bridge, fixture);
      // The receiver gets the sender's own request: its body, headers and query (Jotform's token).
      const receiver = {
        ...target,
        url: `${baselines}${glue}${fixture.path.slice(fixture.path.indexOf("?"))}`,
      };
      const bare = { ...target, url: `${baselines}/bare` };
      await check(target, 200);
      await check(receiver, 200);
      const runs = await warmThenRounds(
        [bare, receiver, target],
        plan.preview,
        plan.connections,
        servers.workerd,
      );
      const paired = pairOf(runs, 2, 0);
      const vsPreview = pairOf(runs, 2, 1);
      const vsBare = pairOf(runs, 1, 0);
      previews.push({
        kind,
        label,
        ...paired,
        ratio: median(paired.rpsRatios),
        cpuRatio: median(paired.cpuRatios),
        glue: {
          vsPreview,
          vsBare,
          previewRatio: median(vsPreview.rpsRatios),
          bareRatio: median(vsBare.rpsRatios),
        },
      });
    }

    const form = await buildFixture("website", "contact-form.txt");
    // Each post is a new submission, from a new visitor: the form's idempotency key (the
    // source's dedupe key) differs every time, or every post after the first would be a replay.
    const post = (url: string): LoadRequest => ({
      url,
      headers: { ...form.headers, ...BROWSER },
      body: form.body,
      rotateIp: true,
      nextBody: newFormSubmission(new TextDecoder().decode(form.body)),
    });
    const queue = post(`${bridge}/v1/hooks/website`);
    const baseline = post(`${baselines}/ingest`);
    await check(queue, 202);
    await check(baseline, 202);
    /** Queue-mode ingest at `target` against the minimal durable acknowledgement, in paired rounds. */
    const pairQueue = async (
      target: LoadRequest,
      rounds: typeof plan.queue,
    ): Promise<QueueFigures> => {
      const runs = await warmThenRounds(
        [baseline, target],
        rounds,
        plan.connections,
        servers.workerd,
      );
      const paired = pairOf(runs, 1, 0);
      return {
        ...paired,
        rpsRatio: median(paired.rpsRatios),
        p99Ratio: median(paired.p99Ratios),
        cpuRatio: median(paired.cpuRatios),
      };
    };
    const queueFigures = await pairQueue(queue, plan.queue);
    // The same without the per-IP rate limit, to show what the limit's call costs under load.
    const unlimited = post(`${bridge}/v1/hooks/website_unlimited`);
    await check(unlimited, 202);
    const unlimitedFigures = await pairQueue(unlimited, plan.queueUnlimited);

    const formPreview = previewRequest(
      bridge,
      await buildFixture("website", "contact-form.txt", PREVIEW),
    );
    const breakdown = await measureBreakdown(plan.sequential, {
      bare: { ...formPreview, url: `${baselines}/bare` },
      preview: formPreview,
      baseline,
      queue,
      queueNoLimit: unlimited,
      queueMiniflareLimit: post(`${bridge}/v1/hooks/website_miniflare_limit`),
    });
    return { previews, queue: queueFigures, queueUnlimited: unlimitedFigures, breakdown };
  } finally {
    await servers.stop();
  }
}

/**
 * Sends `count` posts one at a time to each target in turn (so that drift touches all alike)
 * and keeps the latency the client sees; the baseline also reports its two platform calls.
 */
async function measureBreakdown(
  count: number,
  targets: Record<BreakdownTarget, LoadRequest>,
): Promise<Breakdown> {
  const names = Object.keys(targets) as BreakdownTarget[];
  const latency = Object.fromEntries(names.map((name) => [name, [] as number[]])) as Record<
    BreakdownTarget,
    number[]
  >;
  const insert: number[] = [];
  const send: number[] = [];
  for (let i = -5; i < count; i++) {
    for (const name of names) {
      const target = targets[name];
      const started = performance.now();
      const response = await fetch(target.url, {
        method: "POST",
        headers: { ...target.headers, "cf-connecting-ip": nextVisitorIp() },
        body: target.nextBody?.() ?? target.body,
      });
      await response.arrayBuffer();
      if (!response.ok) throw new Error(`${target.url}: ${response.status}`);
      // The first few of each warm up, and are not counted.
      if (i < 0) continue;
      latency[name].push(performance.now() - started);
      if (name === "baseline") {
        const timing = response.headers.get("server-timing") ?? "";
        insert.push(Number(/write;dur=([\d.]+)/.exec(timing)?.[1] ?? Number.NaN));
        send.push(Number(/send;dur=([\d.]+)/.exec(timing)?.[1] ?? Number.NaN));
      }
    }
  }
  const summary = (values: number[]) => {
    const sorted = [...values].sort((a, b) => a - b);
    return { p50: median(sorted), p90: sorted[Math.floor(sorted.length * 0.9)] ?? Number.NaN };
  };
  return {
    count,
    latency: Object.fromEntries(names.map((name) => [name, summary(latency[name])])) as Record<
      BreakdownTarget,
      { p50: number; p90: number }
    >,
    insertMs: median(insert),
    sendMs: median(send),
  };
}

/** A load's figures, for the report. */
export type { LoadFigures };
