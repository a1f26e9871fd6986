// The Workers the HTTP benchmarks load, straight in workerd through Miniflare (no dev-server
// proxy or inspector in front of them): the bridge as `wrangler deploy` bundles it, with
// wrangler.toml's bindings (its ASSETS binding served by a Worker of public/'s files); the Close
// simulator; and the baseline Worker. Each listens on a
// port the system picks on 127.0.0.1, so a run never collides with other servers; local state
// (D1, queues, Durable Objects) lives in a fresh directory per phase, in memory if it can.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { build } from "esbuild";
import { convertV4MiniflareOptions, Miniflare, type V4MiniflareOptions } from "miniflare";
import { unstable_getMiniflareWorkerOptions, unstable_splitSqlQuery } from "wrangler";
import { findWorkerd } from "./proc.ts";

/** Where the bridge's outbound requests go: every one is served by the simulator. */
const SIMULATOR_ORIGIN = "http://close.sim";

/** The Worker names, as Miniflare knows them. */
export const NAMES = {
  bridge: "close-bridge",
  simulator: "close-sim",
  baselines: "close-bridge-bench-baselines",
  assets: "close-bridge-bench-assets",
} as const;

/** A `[[ratelimits]]` binding's `simple` settings. */
type RateLimitSettings = { limit: number; period: number };

/** Running Workers: their URLs, and how to stop them. */
export type BenchServers = {
  urls: { bridge: string; simulator: string; baselines: string };
  /** The inspector's URL, when asked for; each Worker is `core:user:<name>` on it. */
  inspectorUrl?: URL;
  /** workerd's process, where /proc tells (for its CPU time). */
  workerd: number | undefined;
  stop(): Promise<void>;
};

/** How the bench starts the Workers. */
export type BenchServerOptions = {
  /** The bridge's bundle (the output of `wrangler deploy --dry-run`). */
  bridgeScript: string;
  /** Vars that override the bridge's. */
  bridgeVars?: Record<string, unknown>;
  /**
   * Run the queue consumers (delivery). Off for the ingest benchmarks: in production consumers
   * run in their own invocations, not on the two CPUs that serve the ingest being measured.
   */
  consumers: boolean;
  /** Open workerd's inspector (DevTools protocol), for CPU profiles of the Workers. */
  inspect?: boolean;
};

/** Bundles a Worker with esbuild as wrangler does (minified, for workerd). */
export async function bundleWorker(entry: string, outfile: string): Promise<void> {
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

/** The development secrets (.dev.vars.example), which the bench's bridge runs with. */
export function devSecrets(): Record<string, string> {
  return Object.fromEntries(
    readFileSync(".dev.vars.example", "utf8")
      .split("\n")
      .map((line) => /^([A-Z][A-Z0-9_]*)=(.*)$/.exec(line.trim()))
      .filter((match): match is RegExpExecArray => match !== null)
      .map((match) => [match[1] as string, match[2] as string]),
  );
}

/** The options wrangler would give Miniflare for a config, running `script`. */
export function workerFrom(
  configPath: string,
  name: string,
  script: string,
  bindings: Record<string, unknown> = {},
): Record<string, unknown> {
  const { workerOptions } = unstable_getMiniflareWorkerOptions(configPath);
  // The bundle is one ES module: no module rules to apply. Static assets are not served in
  // front of the Worker: Cloudflare serves them outside its isolate, while Miniflare would put
  // its own asset and router Workers in front of it, in the workerd being measured. Their
  // binding (the bridge reads the phone metadata through it) goes to `assetsWorker()`.
  const {
    modulesRules: _rules,
    rootPath: _root,
    assets,
    ...options
  } = workerOptions as Record<string, unknown> & { assets?: { binding?: string } };
  return {
    ...options,
    name,
    modules: true,
    script,
    bindings: { ...(options.bindings as Record<string, unknown>), ...bindings },
    serviceBindings: {
      ...(options.serviceBindings as Record<string, unknown>),
      ...(assets?.binding ? { [assets.binding]: NAMES.assets } : {}),
    },
    unsafeDirectSockets: [{ host: "127.0.0.1", port: 0 }],
    // Keep the visitor address the load sends (Cloudflare's edge sets it in production).
    stripCfConnectingIp: false,
  };
}

/** Content types of the files under public/, by extension. */
const CONTENT_TYPES: Record<string, string> = {
  json: "application/json",
  js: "text/javascript",
  css: "text/css",
};

/**
 * A Worker that answers public/'s files by path, for the bridge's ASSETS binding. Cloudflare's
 * asset service answers that binding outside the Worker's isolate; Miniflare's own `assets`
 * option would also put its asset and router Workers in front of every request to the bridge,
 * in the workerd being measured. This serves the binding alone.
 */
export function assetsWorker(name: string = NAMES.assets): Record<string, unknown> {
  const files = Object.fromEntries(
    readdirSync("public", { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => {
        const path = join(entry.parentPath, entry.name);
        const type = CONTENT_TYPES[entry.name.split(".").pop() ?? ""] ?? "application/octet-stream";
        return [`/${relative("public", path)}`, { body: readFileSync(path, "utf8"), type }];
      }),
  );
  return {
    name,
    modules: true,
    compatibilityDate: "2026-11-01",
    script: `const FILES = ${JSON.stringify(files)};
export default {
  fetch(request) {
    const file = FILES[new URL(request.url).pathname];
    if (file === undefined) return new Response("Not Found", { status: 404 });
    return new Response(file.body, { headers: { "content-type": file.type } });
  },
};`,
  };
}

/** Applies migrations/ to a D1 database. */
export async function applyMigrations(db: D1Database): Promise<void> {
  for (const file of readdirSync("migrations").sort()) {
    for (const statement of unstable_splitSqlQuery(
      readFileSync(join("migrations", file), "utf8"),
    )) {
      await db.prepare(statement).run();
    }
  }
}

/**
 * Where local state goes: memory (tmpfs) where the machine has it, so that a shared disk's
 * flushes stay out of the figures (production's D1 and queues are services, not this disk).
 */
const STATE_ROOT = existsSync("/dev/shm") ? "/dev/shm" : tmpdir();

/** Starts the three Workers on fresh state. */
export async function startBenchServers(options: BenchServerOptions): Promise<BenchServers> {
  const dir = mkdtempSync(join(STATE_ROOT, "close-bridge-bench-"));
  await Promise.all([
    bundleWorker("sim/src/index.ts", join(dir, "sim.mjs")),
    bundleWorker("bench/baselines/worker.ts", join(dir, "baselines.mjs")),
  ]);
  const secrets = devSecrets();
  const bridge = workerFrom("wrangler.toml", NAMES.bridge, options.bridgeScript, {
    ...secrets,
    CLOSE_API_BASE: `${SIMULATOR_ORIGIN}/api/v1`,
    TURNSTILE_VERIFY_URL: `${SIMULATOR_ORIGIN}/turnstile/v0/siteverify`,
    ...options.bridgeVars,
  });
  if (!options.consumers) bridge.queueConsumers = {};
  // The per-IP rate limit counts in memory, as Cloudflare's binding does (the baseline Worker's
  // `RateLimiter`); Miniflare's simulation of the binding, which writes each count to SQLite
  // through a Durable Object, stays bound as `MINIFLARE_<name>`, so the bench can measure it.
  const ratelimits = bridge.ratelimits as Record<string, { simple: RateLimitSettings }>;
  bridge.serviceBindings = {
    ...(bridge.serviceBindings as Record<string, unknown>),
    ...Object.fromEntries(
      Object.entries(ratelimits).map(([name, { simple }]) => [
        name,
        { name: NAMES.baselines, entrypoint: "RateLimiter", props: simple },
      ]),
    ),
  };
  bridge.ratelimits = Object.fromEntries(
    Object.entries(ratelimits).map(([name, settings]) => [
      `MINIFLARE_${name}`,
      { ...settings, name: `MINIFLARE_${name}` },
    ]),
  );
  const baselines = workerFrom(
    "bench/baselines/wrangler.toml",
    NAMES.baselines,
    readFileSync(join(dir, "baselines.mjs"), "utf8"),
    {
      CLOSE_API_BASE: `${SIMULATOR_ORIGIN}/api/v1`,
      // The hand-written receivers check the same secrets as the bridge's sources.
      TYPEFORM_SECRET: secrets.TYPEFORM_SECRET,
      JOTFORM_TOKEN: secrets.JOTFORM_TOKEN,
    },
  );
  if (!options.consumers) baselines.queueConsumers = {};
  const mf = new Miniflare(
    convertV4MiniflareOptions({
      host: "127.0.0.1",
      port: 0,
      resourcePersistencePath: join(dir, "state"),
      // Worker logs are written (that is the Workers' work) and dropped here.
      handleStructuredLogs: () => {},
      logRequests: false,
      ...(options.inspect ? { inspectorPort: 0 } : {}),
      workers: [
        // Every fetch of the bridge and the naive forwarder reaches the simulator, whatever its URL.
        { ...bridge, outboundService: NAMES.simulator },
        workerFrom(
          "sim/wrangler.toml",
          NAMES.simulator,
          readFileSync(join(dir, "sim.mjs"), "utf8"),
        ),
        { ...baselines, outboundService: NAMES.simulator },
        assetsWorker(),
      ],
    } as unknown as V4MiniflareOptions),
  );
  await mf.ready;
  // The baseline writes the same table, with the same indexes, as the bridge.
  await applyMigrations(await mf.getD1Database("DB", NAMES.bridge));
  await applyMigrations(await mf.getD1Database("BENCH_DB", NAMES.baselines));
  const url = async (name: string) => (await mf.unsafeGetDirectURL(name)).origin;
  return {
    urls: {
      bridge: await url(NAMES.bridge),
      simulator: await url(NAMES.simulator),
      baselines: await url(NAMES.baselines),
    },
    ...(options.inspect ? { inspectorUrl: await mf.getInspectorURL() } : {}),
    workerd: findWorkerd(),
    async stop() {
      await mf.dispose();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
