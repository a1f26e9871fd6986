// The Workers the HTTP benchmarks load: the bridge as wrangler.toml declares it, the Close
// simulator and the baseline Worker, each on its own 127.0.0.1 port, with local state (D1,
// queues, Durable Objects) on disk in a fresh directory per phase. Two ways to run them in
// workerd: `wrangler dev --log-level warn`, as `npm run dev` does (a dev-server proxy and the
// inspector sit in front of each Worker), or Miniflare directly (neither does).
import { spawn } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { build } from "esbuild";
import { convertV4MiniflareOptions, Miniflare, type V4MiniflareOptions } from "miniflare";
import { unstable_getMiniflareWorkerOptions, unstable_splitSqlQuery } from "wrangler";
import { startDevServers } from "../scripts/dev-servers.ts";

/** Where each Worker listens. */
export const PORTS = { bridge: 8787, simulator: 8788, baselines: 8790 } as const;

/** Running Workers, and how to stop them. */
export type BenchServers = { stop(): Promise<void> };

async function bundle(entry: string, outfile: string) {
  await build({
    entryPoints: [entry],
    bundle: true,
    format: "esm",
    platform: "neutral",
    target: "es2023",
    minify: true,
    outfile,
    external: ["cloudflare:*", "node:*"],
    conditions: ["workerd", "worker", "browser"],
    mainFields: ["module", "main"],
    logLevel: "warning",
  });
}

function devSecrets(): Record<string, string> {
  return Object.fromEntries(
    readFileSync(".dev.vars.example", "utf8")
      .split("\n")
      .map((line) => /^([A-Z][A-Z0-9_]*)=(.*)$/.exec(line.trim()))
      .filter((match): match is RegExpExecArray => match !== null)
      .map((match) => [match[1] as string, match[2] as string]),
  );
}

/** The options wrangler would give Miniflare for a config, run from `scriptPath` on `port`. */
function workerFrom(
  configPath: string,
  name: string,
  scriptPath: string,
  port: number,
  bindings: Record<string, unknown> = {},
) {
  const { workerOptions } = unstable_getMiniflareWorkerOptions(configPath);
  // The bundle is one ES module: no module rules to apply.
  const {
    modulesRules: _rules,
    rootPath: _root,
    ...options
  } = workerOptions as Record<string, unknown>;
  return {
    ...options,
    name,
    modules: true,
    // The bundle's text (Miniflare 5 reads a path relative to the config's root; the text is simplest).
    script: readFileSync(scriptPath, "utf8"),
    bindings: { ...(options.bindings as Record<string, unknown>), ...bindings },
    unsafeDirectSockets: [{ host: "127.0.0.1", port }],
    // Keep the visitor address the load sends (Cloudflare's edge sets it in production).
    stripCfConnectingIp: false,
  };
}

/** How the Workers run. */
export type Runtime = "wrangler dev" | "miniflare";

/** Starts the three Workers on fresh state; `bridgeVars` override the bridge's vars. */
export function startBenchServers(
  runtime: Runtime,
  bridgeVars: Record<string, unknown> = {},
): Promise<BenchServers> {
  return runtime === "miniflare" ? startInMiniflare(bridgeVars) : startInWranglerDev(bridgeVars);
}

async function waitForBaselines(timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(`http://127.0.0.1:${PORTS.baselines}/bare`, { method: "POST" })).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error("the baseline Worker did not start");
}

async function startInWranglerDev(bridgeVars: Record<string, unknown>): Promise<BenchServers> {
  const dir = mkdtempSync(join(tmpdir(), "close-bridge-bench-"));
  const vars = Object.fromEntries(
    Object.entries(bridgeVars).map(([name, value]) => [
      name,
      typeof value === "string" ? value : JSON.stringify(value),
    ]),
  );
  const dev = await startDevServers({
    secretsFile: ".dev.vars.example",
    persistTo: dir,
    quiet: true,
    bridgeVars: vars,
  });
  const baselines = spawn(
    "wrangler",
    [
      "dev",
      "-c",
      "bench/baselines/wrangler.toml",
      "--port",
      String(PORTS.baselines),
      "--inspector-port",
      "9231",
      "--ip",
      "127.0.0.1",
      "--log-level",
      "warn",
      "--show-interactive-dev-session=false",
      "--persist-to",
      dir,
    ],
    { stdio: "ignore", env: { ...process.env, WRANGLER_SEND_METRICS: "false" } },
  );
  await waitForBaselines();
  return {
    async stop() {
      await new Promise<void>((resolve) => {
        if (baselines.exitCode !== null) return resolve();
        baselines.once("exit", () => resolve());
        baselines.kill("SIGTERM");
      });
      await dev.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function startInMiniflare(bridgeVars: Record<string, unknown>): Promise<BenchServers> {
  const dir = mkdtempSync(join(tmpdir(), "close-bridge-bench-"));
  await Promise.all([
    bundle("src/index.ts", join(dir, "bridge.mjs")),
    bundle("sim/src/index.ts", join(dir, "sim.mjs")),
    bundle("bench/baselines/worker.ts", join(dir, "baselines.mjs")),
  ]);
  const options = {
    host: "127.0.0.1",
    port: 0,
    resourcePersistencePath: join(dir, "state"),
    // Worker logs go nowhere, as they cost little in production (they are still written).
    handleStructuredLogs: () => {},
    logRequests: false,
    workers: [
      workerFrom("wrangler.toml", "close-bridge", join(dir, "bridge.mjs"), PORTS.bridge, {
        ...devSecrets(),
        CLOSE_API_BASE: `http://127.0.0.1:${PORTS.simulator}/api/v1`,
        ...bridgeVars,
      }),
      workerFrom("sim/wrangler.toml", "close-sim", join(dir, "sim.mjs"), PORTS.simulator),
      workerFrom(
        "bench/baselines/wrangler.toml",
        "close-bridge-bench-baselines",
        join(dir, "baselines.mjs"),
        PORTS.baselines,
      ),
    ],
  } as V4MiniflareOptions;
  const mf = new Miniflare(convertV4MiniflareOptions(options));
  await mf.ready;
  const db = await mf.getD1Database("DB", "close-bridge");
  for (const file of readdirSync("migrations").sort()) {
    for (const statement of unstable_splitSqlQuery(
      readFileSync(join("migrations", file), "utf8"),
    )) {
      await db.prepare(statement).run();
    }
  }
  return {
    async stop() {
      await mf.dispose();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
