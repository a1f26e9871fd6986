// `npm run bench`: measures the Worker exactly as `npm run deploy` builds it, against baselines
// measured in the same run straight in workerd, writes BENCHMARKS.md and README's performance
// section from the figures, and exits 1 when a budget is missed. Every load goes to 127.0.0.1
// on ports the system picks; the whole run stays under five minutes on two CPUs.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { type CpuFigures, measureCpu, type StageFigures } from "./cpu.ts";
import { buildFixture, loadFixtures } from "./fixtures.ts";
import { measureDelivery, measureSenders } from "./http.ts";
import { measureIngest, PREVIEW_KINDS } from "./ingest.ts";
import {
  buildDeployBundle,
  measurePhoneLoad,
  measureSize,
  measureStartup,
  type PhoneLoadFigures,
} from "./size.ts";
import { median } from "./stats.ts";

const BUDGETS = {
  bundleGzipBytes: 100 * 1024,
  bundleAimBytes: 70 * 1024,
  cpuMedianMs: 0.5,
  previewToBare: 0.6,
  previewAim: 0.8,
  queueToBaselineRps: 0.8,
  queueToBaselineP99: 1.25,
  queueAim: { rps: 0.9, p99: 1.1 },
  queueToNaiveP99: 0.1,
  deliveryToCeiling: 0.9,
  runMs: 5 * 60_000,
} as const;

const PLAN = {
  startup: { rounds: 5, copies: { bridge: 10, bare: 50 } },
  phoneLoad: { rounds: 5 },
  cpu: { rounds: 5, spanMs: 40 },
  ingest: {
    preview: { rounds: 5, seconds: 1 },
    queue: { rounds: 6, seconds: 2 },
    queueUnlimited: { rounds: 4, seconds: 2 },
    connections: 10,
    sequential: 60,
  },
  senders: { rounds: 3, seconds: 5, rate: 20 },
  delivery: { count: 1000, limitPerSecond: 20, deadlineS: 150 },
} as const;

const started = Date.now();
const loadAtStart = loadavg();
const log = (line: string) =>
  console.log(`[bench ${((Date.now() - started) / 1000).toFixed(0)}s] ${line}`);

function devDependency(name: string): string {
  const pkg = JSON.parse(readFileSync("package.json", "utf8")) as {
    devDependencies: Record<string, string>;
  };
  return pkg.devDependencies[name] ?? "?";
}

const dir = mkdtempSync(join(tmpdir(), "close-bridge-bench-bundle-"));
try {
  log("the deploy build (wrangler deploy --dry-run), its size and start-up");
  const bundle = buildDeployBundle(dir);
  const size = measureSize(bundle);
  const startup = await measureStartup(bundle, PLAN.startup.rounds, PLAN.startup.copies);
  const phoneLoad = await measurePhoneLoad(dir, PLAN.phoneLoad.rounds);
  const script = readFileSync(bundle.script, "utf8");

  log(`CPU per submission in workerd (${PLAN.cpu.rounds} rounds)`);
  const fixtures = await loadFixtures();
  const staged = await Promise.all(PREVIEW_KINDS.map((k) => buildFixture(k.provider, k.file)));
  const {
    fixtures: cpu,
    stages,
    clock,
  } = await measureCpu(fixtures, staged, PLAN.cpu.rounds, PLAN.cpu.spanMs);

  log("ingest against the platform's floor, straight to workerd");
  const ingest = await measureIngest(script, PLAN.ingest);

  log("what senders wait for with Close answering in 300 ms");
  const senders = await measureSenders(
    script,
    PLAN.senders.rounds,
    PLAN.senders.seconds,
    PLAN.senders.rate,
  );

  log("1,000 submissions delivered at 20 requests/s per endpoint group");
  const delivery = await measureDelivery(
    script,
    PLAN.delivery.count,
    PLAN.delivery.limitPerSecond,
    PLAN.delivery.deadlineS,
  );
  const elapsedMs = Date.now() - started;
  const loadAtEnd = loadavg();

  const worstCpu = cpu.reduce((worst, f) => (f.median > worst.median ? f : worst));
  const checks = [
    {
      name: "deploy bundle under 100 KB gzip",
      pass: size.gzipBytes < BUDGETS.bundleGzipBytes,
      figure: kb(size.gzipBytes),
      aim: `aim < 70 KB: ${size.gzipBytes < BUDGETS.bundleAimBytes ? "met" : "not met"}`,
    },
    {
      name: "CPU per submission under 0.5 ms (median over rounds) for every fixture",
      pass: cpu.every((f) => f.median < BUDGETS.cpuMedianMs),
      figure: `worst ${ms(worstCpu.median)} ms (${worstCpu.name})`,
      aim: "",
    },
    ...ingest.previews.map((p) => ({
      name: `preview of a ${p.kind} at least 0.6 of the bare handler's throughput`,
      pass: p.ratio >= BUDGETS.previewToBare,
      figure: p.ratio.toFixed(2),
      aim: `aim 0.8: ${p.ratio >= BUDGETS.previewAim ? "met" : "not met"}`,
    })),
    {
      name: "queue-mode ingest at least 0.8 of the minimal durable acknowledgement's throughput",
      pass: ingest.queue.rpsRatio >= BUDGETS.queueToBaselineRps,
      figure: ingest.queue.rpsRatio.toFixed(2),
      aim: `aim 0.9: ${ingest.queue.rpsRatio >= BUDGETS.queueAim.rps ? "met" : "not met"}`,
    },
    {
      name: "queue-mode ingest p99 at most 1.25x the minimal durable acknowledgement's",
      pass: ingest.queue.p99Ratio <= BUDGETS.queueToBaselineP99,
      figure: `${ingest.queue.p99Ratio.toFixed(2)}x`,
      aim: `aim 1.1x: ${ingest.queue.p99Ratio <= BUDGETS.queueAim.p99 ? "met" : "not met"}`,
    },
    {
      name: "with Close answering in 300 ms, queue-mode p99 under a tenth of the naive forwarder's",
      pass: senders.queue.p99 < senders.naive.p99 * BUDGETS.queueToNaiveP99,
      figure: (senders.queue.p99 / senders.naive.p99).toFixed(3),
      aim: "",
    },
    {
      name: "delivery at least 0.9 of the rate limit's ceiling",
      pass: delivery.ceilingS / delivery.elapsedS >= BUDGETS.deliveryToCeiling,
      figure: (delivery.ceilingS / delivery.elapsedS).toFixed(3),
      aim: "",
    },
    {
      name: "at most one 429 per rate-limit window",
      pass: delivery.tooMany <= delivery.windows,
      figure: `${delivery.tooMany} in ${delivery.windows} windows`,
      aim: "",
    },
    {
      name: "every submission delivered, exactly 1,000 contacts",
      pass:
        delivery.delivered === PLAN.delivery.count &&
        delivery.contacts === PLAN.delivery.count &&
        delivery.distinctEmails === PLAN.delivery.count,
      figure: `${delivery.delivered} delivered, ${delivery.contacts} contacts, ${delivery.distinctEmails} distinct emails`,
      aim: "",
    },
    {
      name: "the whole run under 5 minutes",
      pass: elapsedMs < BUDGETS.runMs,
      figure: `${(elapsedMs / 1000).toFixed(0)} s`,
      aim: "",
    },
  ];

  const report = renderReport({
    size,
    startup,
    phoneLoad,
    cpu,
    stages,
    clock,
    ingest,
    senders,
    delivery,
    checks,
    loadAtStart,
    loadAtEnd,
    elapsedMs,
  });
  writeFileSync("BENCHMARKS.md", report);
  updateReadme({ size, startup, phoneLoad, cpu, worstCpu, ingest, senders, delivery, checks });
  log("wrote BENCHMARKS.md and README's performance section");
  for (const check of checks) {
    console.log(
      `${check.pass ? "met   " : "MISSED"} ${check.name}: ${check.figure}${check.aim ? ` (${check.aim})` : ""}`,
    );
  }
  if (checks.some((c) => !c.pass)) process.exitCode = 1;
} finally {
  rmSync(dir, { recursive: true, force: true });
}

function ms(value: number): string {
  return value.toFixed(3);
}

function kb(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} KB`;
}

type Report = {
  size: ReturnType<typeof measureSize>;
  startup: Awaited<ReturnType<typeof measureStartup>>;
  phoneLoad: PhoneLoadFigures;
  cpu: CpuFigures[];
  stages: StageFigures[];
  clock: string;
  ingest: Awaited<ReturnType<typeof measureIngest>>;
  senders: Awaited<ReturnType<typeof measureSenders>>;
  delivery: Awaited<ReturnType<typeof measureDelivery>>;
  checks: { name: string; pass: boolean; figure: string; aim: string }[];
  loadAtStart: number[];
  loadAtEnd: number[];
  elapsedMs: number;
};

function renderReport(r: Report): string {
  const { size, startup, phoneLoad, cpu, stages, clock, ingest, senders, delivery } = r;
  const us = (msValue: number) => (msValue * 1000).toFixed(1);
  const totalParts = Object.values(size.parts).reduce((sum, bytes) => sum + bytes, 0);
  const packages = new Map<string, number>();
  for (const [part, bytes] of Object.entries(size.parts)) {
    const name = part.startsWith("src/") ? "own code (src/)" : part;
    packages.set(name, (packages.get(name) ?? 0) + bytes);
  }
  const ownFiles = Object.entries(size.parts)
    .filter(([part]) => part.startsWith("src/"))
    .sort((a, b) => b[1] - a[1])
    .slice(0, 8);
  const b = ingest.breakdown;
  const lat = (name: keyof typeof b.latency) =>
    `${b.latency[name].p50.toFixed(2)} | ${b.latency[name].p90.toFixed(2)}`;
  const diff = (a: keyof typeof b.latency, c: keyof typeof b.latency) =>
    (b.latency[a].p50 - b.latency[c].p50).toFixed(2);
  const previewRounds = ingest.previews
    .map((p) => `${p.kind}: ${p.rpsRatios.map((x) => x.toFixed(2)).join(", ")}`)
    .join("; ");
  return `# Benchmarks

Written by \`npm run bench\` (bench/run.ts) on ${new Date().toISOString().slice(0, 10)} in ${(r.elapsedMs / 1000).toFixed(0)} s: ${availableParallelism()} CPUs, load
average ${r.loadAtStart.map((x) => x.toFixed(2)).join(" ")} at the start and ${r.loadAtEnd.map((x) => x.toFixed(2)).join(" ")} at the end (1, 5 and 15 minutes); Node
${process.version}, wrangler ${devDependency("wrangler")} (its workerd), miniflare ${devDependency("miniflare")}, autocannon ${devDependency("autocannon")}.
Every figure below comes from this run. The machine is shared: every speed is a median of
rounds and is compared with a baseline measured in the same rounds, straight in workerd
(Miniflare, no dev-server proxy in front), on ports the system picked on 127.0.0.1.

## Budgets

| budget | figure | | aim |
|---|---|---|---|
${r.checks.map((c) => `| ${c.name} | ${c.figure} | ${c.pass ? "met" : "**missed**"} | ${c.aim} |`).join("\n")}

## 1. The deploy bundle and its start-up

\`wrangler deploy --dry-run --outdir\` (what \`npm run deploy\` uploads; wrangler.toml sets
\`minify = true\` and \`keep_names = false\`): ${kb(size.rawBytes)} raw, **${kb(size.gzipBytes)} gzip** (gzip at its default level, as wrangler
reports the upload). What each part weighs in it, from the build's own source map:

| part | bytes | share |
|---|---|---|
${[...packages.entries()]
  .sort((x, y) => y[1] - x[1])
  .map(([name, bytes]) => `| ${name} | ${bytes} | ${((bytes / totalParts) * 100).toFixed(0)}% |`)
  .join("\n")}

The largest of the bridge's own files: ${ownFiles.map(([file, bytes]) => `${file} ${bytes}`).join(", ")}.

Static assets (wrangler.toml's \`[assets]\`), which Cloudflare serves beside the Worker and which
are not in its bundle: ${size.assets.map((a) => `${a.file} ${kb(a.rawBytes)} (${kb(a.gzipBytes)} gzip)`).join(", ")}.
Besides the console's client script and stylesheet (\`npm run build:dashboard\`), they hold the
**phone metadata**, ${size.phoneMetadata.file}: **${kb(size.phoneMetadata.rawBytes)}, ${kb(size.phoneMetadata.gzipBytes)} gzip**, libphonenumber-js's \`min\`
metadata without its formatting rules (\`npm run phone-metadata\`; test/map/phone.test.ts proves
every country's numbers still read as with the full set). The Worker does not bundle it: it loads
it through its ASSETS binding **once per isolate**, on the first request that maps a submission
(only its list of countries, for checking the configuration, is in the bundle).

Start-up, in workerd: each of ${startup.bridgeMs.length} rounds is a fresh isolate holding ${startup.copies.bridge} copies of
the deploy bundle and ${startup.copies.bare} of a bare Hono Worker's (bench/baselines/bare-hono.ts), every copy a
distinct module text; it imports all copies of one bundle, then all of the other (the order
swapped every other round), timing each bundle's copies together (compile and top-level code;
workerd's clock counts whole milliseconds, so a round's figure is the mean per copy).

| | evaluation (ms), median of rounds | rounds |
|---|---|---|
| the bridge | ${median(startup.bridgeMs).toFixed(2)} | ${startup.bridgeMs.map((x) => x.toFixed(2)).join(", ")} |
| a bare Hono Worker | ${median(startup.bareMs).toFixed(2)} | ${startup.bareMs.map((x) => x.toFixed(2)).join(", ")} |
| ratio (median of the rounds' own) | **${startup.ratio.toFixed(1)}x** | |

The configuration is parsed on the first request, once per isolate, not at start-up, and each
zod schema is built on its first use (\`z.deferred\` in src/zod.ts), not when its module loads.
The evaluation above no longer includes the phone metadata, which is not in the bundle. What
its load costs the first request of an isolate that maps a submission, in workerd
(bench/workers/phone-load.ts runs src/phone-metadata.ts: the ASSETS fetch, the JSON parse, the
shape check and install; the binding answered by a Worker of public/'s files, locally standing
for Cloudflare's asset service), in ${phoneLoad.firstMs.length} fresh isolates:

| | milliseconds, median of rounds | rounds |
|---|---|---|
| the first load of an isolate | ${median(phoneLoad.firstMs).toFixed(2)} | ${phoneLoad.firstMs.map((x) => x.toFixed(2)).join(", ")} |
| a further load (mean of 20 in the same isolate) | ${median(phoneLoad.repeatMs).toFixed(2)} | ${phoneLoad.repeatMs.map((x) => x.toFixed(2)).join(", ")} |

Every later request of the isolate finds the metadata installed and pays nothing for it.

## 2. CPU per submission

The work every delivery costs before any I/O, in workerd (bench/workers/cpu.ts): the sender's
signature or token checked over the raw body (HMAC over the body for the signed senders), parse,
extract, map, validate, and the dedupe key (with the body's SHA-256 where the source keys on
it), for every fixture in test/fixtures posted as its sender signs it, to the source of the same
name in wrangler.toml. A round repeats each fixture's work for at least ${PLAN.cpu.spanMs} ms (after a round
that is not counted) and divides ${clock} by the repetitions; ${PLAN.cpu.rounds} rounds, every fixture
once a round. The baseline is \`JSON.parse\` of the same data (for the form and Jotform's multipart
body, of their fields as JSON).

| fixture | ms per submission, median | spread over rounds | JSON.parse (ms) |
|---|---|---|---|
${cpu.map((f) => `| ${f.name} | ${ms(f.median)} | ${ms(f.min)} to ${ms(f.max)} | ${f.jsonParse.toFixed(4)} |`).join("\n")}

## 3. Ingest against the platform's floor

The bridge (the deploy bundle, wrangler.toml's bindings and local D1 and queues), the Close
simulator and the baseline Worker (bench/baselines/worker.ts) in one workerd, autocannon with
${PLAN.ingest.connections} connections. Each target is measured in rounds of a pair of runs against its baseline (the
pair's order swapped every other round), after a second of each that is not counted; each
ratio is the median of the rounds' own ratios. Queue consumers do not run during ingest (in
production they run in their own invocations, not on the CPUs serving the posts). Local D1,
queue and Durable Object state is kept in memory (tmpfs) where the machine has it, so that
the shared disk's flushes stay out of the comparison. The bridge runs without its static
assets: Cloudflare serves those in front of the Worker, outside its isolate, where Miniflare
would put asset and router Workers of its own in front of it, in the workerd being measured.

### (a) Stages 1-6: the preview \`?close=0\` against the bare handler

The preview of a submission runs stages 1 to 6 (receive, authenticate, parse, extract, map,
validate) and answers the draft as JSON; it stores and sends nothing. The bare handler reads
the same body and answers 202 with a small JSON. Each round runs the bare handler, the
hand-written receiver of the same sender (below) and the preview, the order rotated every round;
${PLAN.ingest.preview.rounds} rounds of ${PLAN.ingest.preview.seconds} s runs per kind.

| kind | preview requests/s | bare requests/s | ratio | preview p50 / p99 (ms) | bare p50 / p99 (ms) | workerd CPU per request, preview / bare (µs) | CPU ratio | non-2xx, errors |
|---|---|---|---|---|---|---|---|---|
${ingest.previews
  .map(
    (p) =>
      `| ${p.label} | ${p.target.rps.toFixed(0)} | ${p.baseline.rps.toFixed(0)} | **${p.ratio.toFixed(2)}** | ${p.target.p50.toFixed(1)} / ${p.target.p99.toFixed(1)} | ${p.baseline.p50.toFixed(1)} / ${p.baseline.p99.toFixed(1)} | ${p.target.cpuUs.toFixed(0)} / ${p.baseline.cpuUs.toFixed(0)} | ${p.cpuRatio.toFixed(2)} | ${p.target.non2xx + p.baseline.non2xx}, ${p.target.errors + p.baseline.errors} |`,
  )
  .join("\n")}

The CPU columns are workerd's own CPU time (all its threads, from /proc) over the run's requests:
what each request costs the runtime whatever else the shared machine runs, and the CPU ratio
(bare over preview, median of the rounds') is the throughput ratio a saturated runtime thread
would show.

The rounds' own ratios, in the order run: ${previewRounds}.

**The hand-written receiver** of each sender, measured in the same rounds (bench/baselines/worker.ts,
\`/glue/*\`): the least a correct handler of that sender does, as glue written by hand for one form
would: check the sender's token or signature (WebCrypto, the key imported once), parse the body
(\`URLSearchParams\`, \`JSON.parse\`, the runtime's own \`formData()\`), pick the name, email and
phone, and answer them as JSON. It does not normalize the phone, check the email, key
duplicates, map a note or answer CORS, which the preview does. No budget: it shows how much of
the bare handler's throughput the sender's own format leaves before any of the bridge's work.

| kind | receiver requests/s | receiver against bare | preview against receiver | workerd CPU per request, receiver (µs) |
|---|---|---|---|---|
${ingest.previews
  .map(
    (p) =>
      `| ${p.label} | ${p.glue.vsBare.target.rps.toFixed(0)} | ${p.glue.bareRatio.toFixed(2)} | ${p.glue.previewRatio.toFixed(2)} | ${p.glue.vsBare.target.cpuUs.toFixed(0)} |`,
  )
  .join("\n")}

Where the preview's work goes, in workerd (bench/workers/cpu.ts, ${clock}, the same
${PLAN.cpu.rounds} rounds as section 2; each stage of the same delivery run alone, µs, medians). These stages
come on top of everything a bare request costs the runtime and its handler.

| kind | auth | parse | extract | map | of which one phone (libphonenumber-js) | validate | answer JSON | sum |
|---|---|---|---|---|---|---|---|---|
${stages
  .map(
    (st, i) =>
      `| ${PREVIEW_KINDS[i]?.kind ?? st.name} | ${us(st.auth)} | ${us(st.parse)} | ${us(st.extract)} | ${us(st.map)} | ${us(st.phone)} x ${st.phones} | ${us(st.validate)} | ${us(st.answer)} | ${us(st.auth + st.parse + st.extract + st.map + st.validate + st.answer)} |`,
  )
  .join("\n")}

### (b) Queue-mode ingest against the minimal durable acknowledgement

\`POST /v1/hooks/website\` in queue mode (stages 1-6, one D1 \`INSERT\`, the queue send after the
answer) against a Worker that does exactly one D1 \`INSERT\` of a submission-sized row into the
same table (the bridge's migrations, same indexes) and one queue send, then answers 202. Each
post is a new submission (the form's idempotency key, the source's dedupe key, differs each
time) from a new visitor address (\`CF-Connecting-IP\`), as a site's are. The website's
per-IP rate limit counts in memory, as Cloudflare's binding keeps its counters on the machine
that runs the Worker; here that counter lives in another Worker (bench/baselines/worker.ts,
\`RateLimiter\`), so each call also pays a hop between isolates that the binding does not.
Miniflare's own simulation of the binding, a Durable Object writing each count to SQLite, is
measured in the breakdown below. ${PLAN.ingest.queue.rounds} rounds of ${PLAN.ingest.queue.seconds} s runs.

| target | requests/s | ratio | p50 (ms) | p99 (ms) | p99 ratio | workerd CPU per request (µs) | CPU ratio | non-2xx | errors |
|---|---|---|---|---|---|---|---|---|---|
| minimal durable acknowledgement | ${ingest.queue.baseline.rps.toFixed(0)} | 1.00 | ${ingest.queue.baseline.p50.toFixed(1)} | ${ingest.queue.baseline.p99.toFixed(1)} | 1.00 | ${ingest.queue.baseline.cpuUs.toFixed(0)} | 1.00 | ${ingest.queue.baseline.non2xx} | ${ingest.queue.baseline.errors} |
| queue-mode ingest | ${ingest.queue.target.rps.toFixed(0)} | **${ingest.queue.rpsRatio.toFixed(2)}** | ${ingest.queue.target.p50.toFixed(1)} | ${ingest.queue.target.p99.toFixed(1)} | **${ingest.queue.p99Ratio.toFixed(2)}** | ${ingest.queue.target.cpuUs.toFixed(0)} | ${ingest.queue.cpuRatio.toFixed(2)} | ${ingest.queue.target.non2xx} | ${ingest.queue.target.errors} |
| the same source without its per-IP rate limit (no budget; ${PLAN.ingest.queueUnlimited.rounds} rounds against its own baseline runs) | ${ingest.queueUnlimited.target.rps.toFixed(0)} | ${ingest.queueUnlimited.rpsRatio.toFixed(2)} | ${ingest.queueUnlimited.target.p50.toFixed(1)} | ${ingest.queueUnlimited.target.p99.toFixed(1)} | ${ingest.queueUnlimited.p99Ratio.toFixed(2)} | ${ingest.queueUnlimited.target.cpuUs.toFixed(0)} | ${ingest.queueUnlimited.cpuRatio.toFixed(2)} | ${ingest.queueUnlimited.target.non2xx} | ${ingest.queueUnlimited.target.errors} |

The workerd CPU includes the local D1's and queue's own work (they run in the same workerd), and
the queue send the bridge makes after answering.

The rounds' own ratios of queue-mode ingest: throughput ${ingest.queue.rpsRatios.map((x) => x.toFixed(2)).join(", ")}; p99 ${ingest.queue.p99Ratios.map((x) => x.toFixed(2)).join(", ")}.

### Where a queue-mode post's milliseconds go

${b.count} posts one at a time to each target in turn; the latency the client sees (ms):

| request | p50 | p90 |
|---|---|---|
| bare handler | ${lat("bare")} |
| preview of the form (stages 1-6) | ${lat("preview")} |
| minimal durable acknowledgement (INSERT ${b.insertMs} ms + queue send ${b.sendMs} ms, timed inside it, medians) | ${lat("baseline")} |
| queue-mode ingest | ${lat("queue")} |
| queue-mode ingest, the source without a rate limit | ${lat("queueNoLimit")} |
| queue-mode ingest with Miniflare's simulated rate-limiting binding | ${lat("queueMiniflareLimit")} |

Measured differences (p50): stages 1-6 over the bare handler ${diff("preview", "bare")} ms; the per-IP rate
limit ${diff("queue", "queueNoLimit")} ms through the bench's in-memory counter in another Worker, ${diff("queueMiniflareLimit", "queueNoLimit")} ms through
Miniflare's simulation of the binding;
queue-mode ingest over the minimal durable acknowledgement ${diff("queue", "baseline")} ms (it answers before its queue
send finishes, which the acknowledgement awaits).

## 4. Senders don't wait on Close

The simulator answers every Close request after 300 ms (and never rate-limits here). Each
target gets the same offered load: an open loop of ${senders.queue.rate} posts a second for ${PLAN.senders.seconds} s (each post sent
on schedule whether or not earlier ones were answered, as independent senders do), ${PLAN.senders.rounds} rounds
after a second of each that is not counted; medians. Queue consumers run, so deliveries of
the earlier posts happen in the background meanwhile.

| target | p50 (ms) | p99 (ms) | p99 ratio to naive | failed |
|---|---|---|---|---|
| queue mode (\`website\`) | ${senders.queue.p50.toFixed(1)} | ${senders.queue.p99.toFixed(1)} | ${(senders.queue.p99 / senders.naive.p99).toFixed(3)} | ${senders.queue.failed} |
| sync mode (\`website\` with \`mode = "sync"\`) | ${senders.sync.p50.toFixed(1)} | ${senders.sync.p99.toFixed(1)} | ${(senders.sync.p99 / senders.naive.p99).toFixed(3)} | ${senders.sync.failed} |
| naive forwarder (POST /contact/ per post) | ${senders.naive.p50.toFixed(1)} | ${senders.naive.p99.toFixed(1)} | 1.000 | ${senders.naive.failed} |

## 5. Delivery at Close's pace

${PLAN.delivery.count} submissions with distinct emails posted to the \`zapier\` source (queue mode), the
simulator limiting each endpoint group to ${PLAN.delivery.limitPerSecond} requests/s. Close requests needed, per group:
${Object.entries(delivery.groups)
  .map(([group, n]) => `${group} ${n}`)
  .join(", ")}.

| figure | value |
|---|---|
| first to last Close request | ${delivery.elapsedS.toFixed(1)} s |
| least time the rate limit allows (busiest group: floor((n - 1) / ${PLAN.delivery.limitPerSecond}) windows) | ${delivery.ceilingS} s |
| ratio | ${(delivery.ceilingS / delivery.elapsedS).toFixed(3)} |
| 429 answers | ${delivery.tooMany} (in ${delivery.windows} windows) |
| submissions delivered | ${delivery.delivered} of ${delivery.submitted} (${JSON.stringify(delivery.statuses)}) |
| contacts in the simulator (distinct emails), notes | ${delivery.contacts} (${delivery.distinctEmails}), ${delivery.notes} |
| busiest group's requests per second | ${delivery.perSecond.join(" ")} |

The first seconds overlap the ingest of the posts, which shares the two CPUs.

${readFileSync("bench/history.md", "utf8").trim()}
`;
}

type ReadmeFigures = Pick<
  Report,
  "size" | "startup" | "phoneLoad" | "cpu" | "ingest" | "senders" | "delivery" | "checks"
> & { worstCpu: CpuFigures };

/** Rewrites README's performance section (between its bench markers) from this run. */
function updateReadme(r: ReadmeFigures) {
  const start = "<!-- bench:start -->";
  const end = "<!-- bench:end -->";
  const readme = readFileSync("README.md", "utf8");
  const from = readme.indexOf(start);
  const to = readme.indexOf(end);
  if (from < 0 || to < from) throw new Error("README.md lost its bench markers");
  const missed = r.checks.filter((c) => !c.pass).length;
  const section = `${start}
From the latest \`npm run bench\` (${new Date().toISOString().slice(0, 10)}, ${availableParallelism()} CPUs shared with other work; the
whole report, with how each figure is measured, is in [BENCHMARKS.md](BENCHMARKS.md)):

- the deploy bundle (\`wrangler deploy --dry-run\`, minified) is **${kb(r.size.gzipBytes)} gzip**, and workerd
  evaluates it in ${median(r.startup.bridgeMs).toFixed(1)} ms, ${r.startup.ratio.toFixed(1)}x a bare Hono Worker's ${median(r.startup.bareMs).toFixed(1)} ms;
- the phone metadata (${kb(r.size.phoneMetadata.gzipBytes)} gzip) is a static asset beside it, loaded once per isolate: the
  first request of an isolate that maps a submission spends ${median(r.phoneLoad.firstMs).toFixed(1)} ms loading it;
- a submission's CPU work in workerd (signature or token, parse, extract, map, validate, dedupe
  key) is at most ${r.worstCpu.median.toFixed(2)} ms (median over rounds, ${r.worstCpu.name});
- the preview (stages 1 to 6) keeps ${r.ingest.previews.map((p) => `${p.ratio.toFixed(2)} (${p.kind})`).join(", ")} of a bare Hono handler's
  throughput, straight in workerd (by workerd's CPU time per request: ${r.ingest.previews.map((p) => p.cpuRatio.toFixed(2)).join(", ")}); a hand-written
  receiver of the same sender (signature or token, parse, pick three fields) keeps ${r.ingest.previews.map((p) => p.glue.bareRatio.toFixed(2)).join(", ")}, and
  the preview ${r.ingest.previews.map((p) => p.glue.previewRatio.toFixed(2)).join(", ")} of the receiver's;
- queue-mode ingest keeps ${r.ingest.queue.rpsRatio.toFixed(2)} of the throughput of a Worker that only writes one D1 row and
  sends one queue message, at ${r.ingest.queue.p99Ratio.toFixed(2)}x its p99 (${r.ingest.queueUnlimited.rpsRatio.toFixed(2)} and ${r.ingest.queueUnlimited.p99Ratio.toFixed(2)}x for a source without the
  per-IP rate limit);
- with Close answering in 300 ms, a queue-mode sender's p99 is ${r.senders.queue.p99.toFixed(1)} ms, ${(r.senders.queue.p99 / r.senders.naive.p99).toFixed(3)} of a naive
  forwarder's;
- 1,000 submissions reach Close at ${(r.delivery.ceilingS / r.delivery.elapsedS).toFixed(2)} of the fastest its rate limit allows, with ${r.delivery.tooMany} 429s;
- ${missed === 0 ? "every budget was met" : `${missed} budget${missed === 1 ? " was" : "s were"} missed (see BENCHMARKS.md)`}.
${end}`;
  writeFileSync("README.md", `${readme.slice(0, from)}${section}${readme.slice(to + end.length)}`);
}
