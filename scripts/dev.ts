// `npm run dev`: the bridge, the Close simulator and the example form on this machine, with
// no Close account needed. Each Worker is supervised: when one exits or stops answering, this
// says so and starts it again (or stops everything when it keeps failing). A change to
// wrangler.toml or .dev.vars reloads the bridge (wrangler.toml is checked first, and the Worker
// types are regenerated once the bridge runs on it, when they are out of date); a change that
// stops it waits for the next one. Ctrl-C stops all three.
import type { ChildProcess } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readFileSync, unwatchFile, watchFile } from "node:fs";
import type { Server } from "node:http";
import { findConfigProblems, formatConfigProblems } from "./check-config.ts";
import {
  applyLocalMigrations,
  asProcessGroup,
  DEV_URLS,
  type DevServerOptions,
  ensureDevVars,
  probeBridge,
  probeSimulator,
  spawnBridge,
  spawnSimulator,
  startExamples,
} from "./dev-servers.ts";
import { Supervisor } from "./supervise.ts";
import { refreshStaleTypes } from "./types.ts";

const say = (message: string) => console.log(`[dev] ${message}`);

function digestOf(files: string[]): string {
  const hash = createHash("sha256");
  for (const file of files) hash.update(existsSync(file) ? readFileSync(file) : `no ${file}`);
  return hash.digest("hex");
}

const refreshTypes = () => refreshStaleTypes(say);

/** Prints what is wrong with wrangler.toml, if anything (the bridge runs the working sources). */
function reportConfig() {
  try {
    const problems = findConfigProblems("wrangler.toml");
    if (problems.length === 0) say("wrangler.toml: configuration valid.");
    else console.log(formatConfigProblems("wrangler.toml", problems));
  } catch (error) {
    say(`wrangler.toml cannot be read: ${error instanceof Error ? error.message : String(error)}`);
  }
}

if (ensureDevVars()) say("created .dev.vars from .dev.vars.example.");
applyLocalMigrations((line) => console.log(line));
reportConfig();

let examples: Server | undefined;
let stopping = false;
const supervisors: Supervisor[] = [];

async function stopAll(code: number) {
  if (stopping) return;
  stopping = true;
  for (const file of ["wrangler.toml", ".dev.vars", ".dev.vars.example"]) unwatchFile(file);
  await Promise.all(supervisors.map((supervisor) => supervisor.stop()));
  await new Promise<void>((resolve) => (examples ? examples.close(() => resolve()) : resolve()));
  process.exit(code);
}

const reportOptions = {
  report: say,
  giveUp: (message: string) => {
    console.error(`[dev] ${message}`);
    void stopAll(1);
  },
};
/**
 * A supervised `wrangler dev`, its output printed and its last 50 lines kept for a failure;
 * `configFiles` are what it reads at start (a change to them explains an exit).
 */
function superviseWrangler(
  name: string,
  spawnServer: (options: DevServerOptions) => ChildProcess,
  configFiles: string[],
  probe: () => Promise<boolean>,
) {
  const lines: string[] = [];
  const onOutput = (line: string) => {
    lines.push(line);
    if (lines.length > 50) lines.shift();
    console.log(line);
  };
  return new Supervisor(
    {
      name,
      // Each in a process group of its own: a wrangler that dies leaves no workerd behind.
      spawn: () => asProcessGroup(spawnServer({ onOutput, killable: true })),
      probe,
      lastOutput: () => [...lines],
      configDigest: () => digestOf(configFiles),
    },
    reportOptions,
  );
}

const simulator = superviseWrangler(
  "the Close simulator",
  spawnSimulator,
  ["sim/wrangler.toml"],
  () => probeSimulator(),
);
const bridge = superviseWrangler("the bridge", spawnBridge, ["wrangler.toml", ".dev.vars"], () =>
  probeBridge(),
);
supervisors.push(simulator, bridge);

// The Workers run in process groups of their own, so the terminal's Ctrl-C reaches only this
// process: it stops them.
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
  process.on(signal, () => {
    console.log("\nStopping...");
    void stopAll(0);
  });
}

try {
  examples = await startExamples();
  await Promise.all([simulator.start(), bridge.start()]);
} catch (error) {
  console.error(`close-bridge dev servers failed to start: ${String(error)}`);
  await stopAll(1);
}
// The Worker types follow a wrangler.toml that works: checked once the bridge runs on it.
refreshTypes();

/** Calls `onChange` when a file's content changes (saved twice by an editor: once). */
function watchContent(file: string, onChange: () => unknown) {
  let digest = digestOf([file]);
  let pending: ReturnType<typeof setTimeout> | undefined;
  watchFile(file, { interval: 500 }, () => {
    clearTimeout(pending);
    pending = setTimeout(() => {
      const now = digestOf([file]);
      if (now === digest) return;
      digest = now;
      onChange();
    }, 300);
  });
}

watchContent("wrangler.toml", async () => {
  reportConfig();
  if (await bridge.reload("wrangler.toml changed")) refreshTypes();
});
watchContent(".dev.vars", () => void bridge.reload(".dev.vars changed"));
watchContent(".dev.vars.example", () => refreshTypes());

const { bridge: bridgeUrl, simulator: simulatorUrl, examples: examplesUrl } = DEV_URLS;
console.log(`
close-bridge is running:
  bridge          ${bridgeUrl}        (GET ${bridgeUrl}/v1/health)
  Close simulator ${simulatorUrl}     (what it stored: ${simulatorUrl}/__sim/contacts)
                                            (alerts it received: ${simulatorUrl}/__sim/alerts)
  example form    ${examplesUrl}/contact-form.html

Try it:
  curl -X POST ${bridgeUrl}/v1/hooks/website -H 'Accept: application/json' -H 'Origin: ${examplesUrl}' \\
    --data-urlencode 'name=Ada Lovelace' --data-urlencode 'email=ada@example.com' \\
    --data-urlencode 'phone=(415) 555-0100' --data-urlencode 'company=Analytical Engines' \\
    --data-urlencode 'message=Call me'

Both Workers are watched: if one exits or stops answering, it is restarted (and you are told).
Saving wrangler.toml or .dev.vars reloads the bridge. Press Ctrl-C to stop.
`);
