// Starts close-bridge's local servers: the Close simulator (wrangler dev, sim/wrangler.toml),
// the bridge (wrangler dev, wrangler.toml, pointed at the simulator by .dev.vars) and a static
// server for examples/. Used by `npm run dev` (which supervises them), the end-to-end tests, the
// soak run and the benchmarks.
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { copyFileSync, existsSync, readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { createConnection } from "node:net";
import { extname, join, normalize, resolve } from "node:path";
import type { ChildLike } from "./supervise.ts";

/** Where each server listens. */
export const DEV_PORTS = { bridge: 8787, simulator: 8788, examples: 8789 } as const;
const HOST = "127.0.0.1";

/** The URLs the servers answer on. */
export const DEV_URLS = {
  bridge: `http://${HOST}:${DEV_PORTS.bridge}`,
  simulator: `http://${HOST}:${DEV_PORTS.simulator}`,
  examples: `http://${HOST}:${DEV_PORTS.examples}`,
} as const;
const READY_TIMEOUT_MS = 90_000;

/** The running servers and how to stop them. */
export type DevServers = {
  urls: { bridge: string; simulator: string; examples: string };
  stop: () => Promise<void>;
};

/** Options for `startDevServers`. */
export type DevServerOptions = {
  /** Write each server's output, prefixed with its name, to this function. */
  onOutput?: (line: string) => void;
  /** Bridge variables that override wrangler.toml and .dev.vars (`wrangler dev --var`). */
  bridgeVars?: Record<string, string>;
  /** Read the bridge's secrets from this file instead of `.dev.vars` (the tests use the example). */
  secretsFile?: string;
  /** Keep the Workers' local state (D1, queues, the simulator) here instead of `.wrangler/state`. */
  persistTo?: string;
  /** Quiet servers print warnings only (no line per request), as the benchmarks want. */
  quiet?: boolean;
  /**
   * Each wrangler in a process group of its own, so that `kill()` ends it and its workerd at
   * once, as a crash would (the soak run), and `npm run dev` can end what a wrangler that died
   * left running. Off for the tests, whose runner stops them all.
   */
  killable?: boolean;
};

/** One `wrangler dev` server: stop it gently, or kill it and its workerd at once. */
export type WranglerServer = { stop: () => Promise<void>; kill: () => Promise<void> };

/** A development secret (or variable) of `.dev.vars.example`, which the dev servers run with. */
export function readDevSecret(name: string, file = ".dev.vars.example"): string {
  const line = readFileSync(file, "utf8")
    .split("\n")
    .find((l) => l.startsWith(`${name}=`));
  if (!line) throw new Error(`${file} has no ${name}`);
  return line.slice(name.length + 1);
}

/** Whether something already listens on a local port (another `npm run dev`, say). */
export function isPortTaken(port: number): Promise<boolean> {
  return new Promise((resolvePort) => {
    const socket = createConnection({ host: HOST, port });
    socket.once("connect", () => {
      socket.destroy();
      resolvePort(true);
    });
    socket.once("error", () => resolvePort(false));
  });
}

/** Copies .dev.vars.example to .dev.vars when there is none yet; answers whether it did. */
export function ensureDevVars(root = "."): boolean {
  const target = join(root, ".dev.vars");
  if (existsSync(target)) return false;
  copyFileSync(join(root, ".dev.vars.example"), target);
  return true;
}

function startWrangler(
  name: string,
  args: string[],
  onOutput: (line: string) => void,
  killable = false,
): ChildProcess {
  const child = spawn("wrangler", ["dev", ...args], {
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, WRANGLER_SEND_METRICS: "false", FORCE_COLOR: "0" },
    detached: killable,
  });
  const forward = (chunk: Buffer) => {
    for (const line of chunk.toString("utf8").split("\n")) {
      if (line.trim() !== "") onOutput(`[${name}] ${line}`);
    }
  };
  child.stdout?.on("data", forward);
  child.stderr?.on("data", forward);
  return child;
}

const CONTENT_TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
};

/** Serves the files of `examples/` (and nothing outside it) on `port`. */
function serveExamples(port: number): Promise<Server> {
  const root = resolve("examples");
  const server = createServer((request, response) => {
    const pathname = decodeURIComponent(new URL(request.url ?? "/", "http://x").pathname);
    const file = normalize(join(root, pathname === "/" ? "contact-form.html" : pathname));
    if (!file.startsWith(root) || !existsSync(file) || request.method !== "GET") {
      response.writeHead(404, { "content-type": "text/plain" }).end("Not found");
      return;
    }
    const type = CONTENT_TYPES[extname(file)] ?? "application/octet-stream";
    response.writeHead(200, { "content-type": type }).end(readFileSync(file));
  });
  return new Promise((resolveServer, reject) => {
    server.once("error", reject);
    server.listen(port, HOST, () => resolveServer(server));
  });
}

/**
 * Whether the bridge answers: its health route gives its version, whatever the status (a
 * broken source makes it 503, and the bridge still runs).
 */
export async function probeBridge(timeoutMs = 3_000): Promise<boolean> {
  try {
    const response = await fetch(`${DEV_URLS.bridge}/v1/health`, {
      signal: AbortSignal.timeout(timeoutMs),
    });
    const body = (await response.json()) as { version?: unknown };
    return typeof body.version === "string";
  } catch {
    return false;
  }
}

/** Whether the simulator answers (its faults route). */
export async function probeSimulator(timeoutMs = 3_000): Promise<boolean> {
  try {
    const response = await fetch(`${DEV_URLS.simulator}/__sim/faults`, {
      signal: AbortSignal.timeout(timeoutMs),
    });
    await response.body?.cancel();
    return response.status < 500;
  } catch {
    return false;
  }
}

async function waitFor(probe: () => Promise<boolean>, child: ChildProcess, name: string) {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${name} exited with code ${child.exitCode}`);
    if (await probe()) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${name} did not answer within ${READY_TIMEOUT_MS / 1000} s`);
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolveStop) => {
    const force = setTimeout(() => child.kill("SIGKILL"), 5_000);
    child.once("exit", () => {
      clearTimeout(force);
      resolveStop();
    });
    child.kill("SIGTERM");
  });
}

/** Applies migrations/ to the local D1 database (what `wrangler dev` uses); safe to repeat. */
export function applyLocalMigrations(onOutput: (line: string) => void, persistTo?: string) {
  const persist = persistTo ? ["--persist-to", persistTo] : [];
  const output = execFileSync(
    "wrangler",
    ["d1", "migrations", "apply", "DB", "--local", ...persist],
    {
      env: { ...process.env, WRANGLER_SEND_METRICS: "false", FORCE_COLOR: "0", CI: "true" },
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  for (const line of output.split("\n")) if (line.trim() !== "") onOutput(`[d1] ${line}`);
}

/** The arguments both Workers' `wrangler dev` share. */
function commonArgs(options: DevServerOptions): string[] {
  return [
    "--ip",
    HOST,
    "--show-interactive-dev-session=false",
    ...(options.persistTo ? ["--persist-to", options.persistTo] : []),
    ...(options.quiet ? ["--log-level", "warn"] : []),
  ];
}

/** Starts the simulator's `wrangler dev` (without waiting for it). */
export function spawnSimulator(options: DevServerOptions): ChildProcess {
  const args = ["-c", "sim/wrangler.toml", "--port", String(DEV_PORTS.simulator)];
  return startWrangler(
    "sim",
    [...args, "--inspector-port", "9230", ...commonArgs(options)],
    options.onOutput ?? (() => {}),
    options.killable,
  );
}

/** Starts the bridge's `wrangler dev` (without waiting for it). */
export function spawnBridge(options: DevServerOptions): ChildProcess {
  const vars = Object.entries(options.bridgeVars ?? {}).flatMap(([k, v]) => ["--var", `${k}:${v}`]);
  const secrets = options.secretsFile ? ["--env-file", options.secretsFile] : [];
  return startWrangler(
    "bridge",
    [
      "--port",
      String(DEV_PORTS.bridge),
      "--inspector-port",
      "9229",
      ...commonArgs(options),
      ...secrets,
      ...vars,
    ],
    options.onOutput ?? (() => {}),
    options.killable,
  );
}

/**
 * A killable wrangler as the dev supervisor sees it: `kill` signals its whole process group,
 * and still ends what it left running (its workerd) after wrangler itself died.
 */
export function asProcessGroup(child: ChildProcess): ChildLike {
  return {
    get exitCode() {
      return child.exitCode;
    },
    get signalCode() {
      return child.signalCode;
    },
    once: (event, listener) => {
      child.once(event, listener);
    },
    kill: (signal = "SIGTERM") => {
      // No pid: the spawn failed and there is no group (process.kill(-0) would be our own).
      if (child.pid === undefined) return false;
      try {
        process.kill(-child.pid, signal);
        return true;
      } catch {
        return false;
      }
    },
  };
}

/** Ends a killable wrangler and everything it started (workerd) at once, like a crash. */
async function killGroup(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  const exited = new Promise<void>((resolveExit) => child.once("exit", () => resolveExit()));
  process.kill(-child.pid, "SIGKILL");
  await exited;
}

/**
 * Starts the bridge alone, on its usual port and with its local state (a simulator already
 * running), and waits until it answers: how the soak run brings it back after killing it.
 */
export async function startBridge(options: DevServerOptions = {}): Promise<WranglerServer> {
  const bridge = spawnBridge(options);
  const server = { stop: () => stopChild(bridge), kill: () => killGroup(bridge) };
  try {
    await waitFor(() => probeBridge(), bridge, "the bridge");
  } catch (error) {
    await server.stop();
    throw error;
  }
  return server;
}

/** Serves examples/ on its port, for `npm run dev` and the tests. */
export function startExamples(): Promise<Server> {
  return serveExamples(DEV_PORTS.examples);
}

/** Starts the simulator, the bridge and the examples server, and waits until all answer. */
export async function startDevServers(
  options: DevServerOptions = {},
): Promise<DevServers & { bridge: WranglerServer }> {
  applyLocalMigrations(options.onOutput ?? (() => {}), options.persistTo);
  const simulator = spawnSimulator(options);
  const bridge = spawnBridge(options);
  let examples: Server | undefined;
  const bridgeServer = { stop: () => stopChild(bridge), kill: () => killGroup(bridge) };
  const stop = async () => {
    await Promise.all([stopChild(bridge), stopChild(simulator)]);
    await new Promise<void>((r) => (examples ? examples.close(() => r()) : r()));
  };
  try {
    examples = await startExamples();
    await Promise.all([
      waitFor(() => probeSimulator(), simulator, "the simulator"),
      waitFor(() => probeBridge(), bridge, "the bridge"),
    ]);
  } catch (error) {
    await stop();
    throw error;
  }
  return { urls: { ...DEV_URLS }, stop, bridge: bridgeServer };
}
