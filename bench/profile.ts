// `npm run bench:profile -- [form|signed-json|multipart|queue] [seconds]`: a CPU profile of the
// bridge (the deploy build) in workerd, through the DevTools protocol, while autocannon loads
// one of the benchmark's targets; prints the isolate's busy time per request and by package
// or source file (through the build's source map), and writes the profile for Chrome DevTools.
// The sampler is coarse on a busy machine: compare shares within a profile, not across runs.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildFixture } from "./fixtures.ts";
import { newFormSubmission } from "./ingest.ts";
import { busyByPart, busyMs, connectInspector, profile, readSourceMap } from "./inspector.ts";
import { type LoadRequest, load } from "./load.ts";
import { devSecrets, NAMES, startBenchServers } from "./servers.ts";
import { buildDeployBundle } from "./size.ts";

const TARGETS = {
  form: {
    provider: "website",
    file: "contact-form.txt",
    path: "/v1/hooks/{source}/preview?close=0",
  },
  "signed-json": {
    provider: "typeform",
    file: "form-response.json",
    path: "/v1/hooks/{source}/preview?close=0",
  },
  multipart: {
    provider: "jotform",
    file: "submission.fields.json",
    path: "/v1/hooks/{source}/preview?close=0",
  },
  queue: { provider: "website", file: "contact-form.txt", path: "/v1/hooks/{source}" },
} as const;

const name = (process.argv[2] ?? "form") as keyof typeof TARGETS;
const seconds = Number(process.argv[3] ?? 5);
const target = TARGETS[name];
if (!target) throw new Error(`profile one of: ${Object.keys(TARGETS).join(", ")}`);

const dir = mkdtempSync(join(tmpdir(), "close-bridge-profile-"));
const bundle = buildDeployBundle(dir);
const servers = await startBenchServers({
  bridgeScript: readFileSync(bundle.script, "utf8"),
  consumers: false,
  inspect: true,
});
try {
  const fixture = await buildFixture(target.provider, target.file, target.path);
  const browser = target.provider === "website";
  const request: LoadRequest = {
    url: `${servers.urls.bridge}${fixture.path}`,
    headers: {
      ...fixture.headers,
      ...(browser ? { accept: "application/json", origin: "http://127.0.0.1:8789" } : {}),
      ...(browser && name !== "queue"
        ? { authorization: `Bearer ${devSecrets().ADMIN_TOKEN}` }
        : {}),
    },
    body: fixture.body,
    rotateIp: name === "queue",
    // Each queue-mode post a new submission, as in the benchmark.
    ...(name === "queue"
      ? { nextBody: newFormSubmission(new TextDecoder().decode(fixture.body)) }
      : {}),
  };
  // A second first, not profiled: the JIT compiles the hot paths during it.
  await load(request, 1, 10);
  const inspector = await connectInspector(servers.inspectorUrl as URL, NAMES.bridge);
  let requests = 0;
  const cpu = await profile(inspector, async () => {
    const figures = await load(request, seconds, 10);
    requests = figures.rps * seconds;
  });
  inspector.close();
  // Named by this run (its process id), so that two checkouts profiling at once keep their own.
  const file = join(tmpdir(), `close-bridge-${name}-${process.pid}.cpuprofile`);
  writeFileSync(file, JSON.stringify(cpu));
  const script = cpu.nodes.find((node) => node.callFrame.url.startsWith("script-"))?.callFrame.url;
  const parts = busyByPart(cpu, script ?? "", readSourceMap(bundle.sourceMap));
  console.log(`${name}: ${requests.toFixed(0)} requests in ${seconds} s; the isolate was busy`);
  console.log(
    `${((busyMs(cpu) * 1000) / requests).toFixed(0)} µs a request. By part (µs a request):`,
  );
  for (const [part, ms] of [...parts].sort((a, b) => b[1] - a[1]).slice(0, 25)) {
    console.log(`${((ms * 1000) / requests).toFixed(1).padStart(8)}  ${part}`);
  }
  console.log(`profile written to ${file} (open it in Chrome DevTools, Performance tab)`);
} finally {
  await servers.stop();
  rmSync(dir, { recursive: true, force: true });
}
