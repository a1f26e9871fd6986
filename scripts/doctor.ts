// `npm run doctor`: checks every name wrangler.toml's sources use (lead and opportunity statuses,
// users, custom fields with their types and choices, custom activity types and their fields)
// against the Close organization of the key, and says how to fix what is missing in Close.
//
//   npm run doctor                        the Close that `npm run dev` uses: CLOSE_API_KEY and
//                                         CLOSE_API_BASE from the environment, else .dev.vars
//   npm run doctor -- --production        wrangler.toml's CLOSE_API_BASE (npm run deploy): the key
//                                         from CLOSE_API_KEY, else .dev.vars when it points there,
//                                         else asked for on a terminal
//   npm run doctor -- other.toml          another configuration file
//
// Exit status: 0 everything exists, 1 something is missing, 2 the check could not run.
import { existsSync, readFileSync } from "node:fs";
import { stdin, stdout } from "node:process";
import { parse as parseToml } from "smol-toml";
import { createCloseClient } from "../src/close/client.ts";
import { CloseError } from "../src/close/error.ts";
import { createHttpTransport } from "../src/close/transport.ts";
import { parseConfig } from "../src/config/load.ts";
import { examineCloseNames } from "../src/deliver/doctor.ts";

const args = process.argv.slice(2);
const production = args.includes("--production");
const configPath = args.find((arg) => !arg.startsWith("--")) ?? "wrangler.toml";

/** `NAME=value` lines of a .dev.vars file (quotes removed); empty when there is none. */
function readDevVars(path = ".dev.vars"): Record<string, string> {
  if (!existsSync(path)) return {};
  const vars: Record<string, string> = {};
  for (const line of readFileSync(path, "utf8").split("\n")) {
    const match = /^\s*([A-Z][A-Z0-9_]*)\s*=\s*(.*?)\s*$/.exec(line);
    if (match?.[1] && match[2] !== undefined)
      vars[match[1]] = match[2].replace(/^(["'])(.*)\1$/, "$2");
  }
  return vars;
}

/** Reads a line from the terminal without echoing it (for the API key). */
function askHidden(question: string): Promise<string> {
  return new Promise((resolve) => {
    stdout.write(question);
    stdin.setRawMode(true);
    stdin.resume();
    let typed = "";
    const onData = (chunk: Buffer) => {
      for (const char of chunk.toString("utf8")) {
        if (char === "\r" || char === "\n") {
          stdin.setRawMode(false);
          stdin.pause();
          stdin.off("data", onData);
          stdout.write("\n");
          resolve(typed.trim());
          return;
        }
        if (char === "\u0003") process.exit(130); // Ctrl-C
        typed = char === "\u007f" ? typed.slice(0, -1) : typed + char;
      }
    };
    stdin.on("data", onData);
  });
}

function fail(message: string): never {
  console.error(message);
  process.exit(2);
}

const toml = parseToml(readFileSync(configPath, "utf8")) as { vars?: Record<string, unknown> };
const parsed = parseConfig(toml.vars ?? {});
if (!parsed.ok) {
  fail(`${configPath} is not a valid configuration: run \`npm run check\` to see why.`);
}
const config = parsed.config;
const devVars = readDevVars();
const configured = config.CLOSE_API_BASE;
const trim = (url: string) => url.replace(/\/+$/, "");

let baseUrl: string;
let apiKey: string | undefined;
if (production) {
  baseUrl = configured;
  const devBase = trim(devVars.CLOSE_API_BASE ?? configured);
  apiKey =
    process.env.CLOSE_API_KEY ?? (devBase === configured ? devVars.CLOSE_API_KEY : undefined);
  if (!apiKey && stdin.isTTY) {
    apiKey = await askHidden(
      `The doctor checks ${configPath} against your Close organization (${baseUrl}).\nClose API key (not stored; Enter to stop): `,
    );
  }
  if (!apiKey) {
    fail(
      `The doctor needs the Close API key to check ${configPath} against ${baseUrl}: run with CLOSE_API_KEY=... in the environment (it is not stored), or skip the check with \`npm run deploy -- --skip-doctor\`.`,
    );
  }
} else {
  baseUrl = trim(process.env.CLOSE_API_BASE ?? devVars.CLOSE_API_BASE ?? configured);
  apiKey = process.env.CLOSE_API_KEY ?? devVars.CLOSE_API_KEY;
  if (!apiKey) {
    fail(
      "No Close API key: set CLOSE_API_KEY (and CLOSE_API_BASE) in .dev.vars or the environment. `npm run dev` creates .dev.vars for the simulator.",
    );
  }
}

const close = createCloseClient(createHttpTransport({ baseUrl, apiKey, timeoutMs: 15_000 }));
let report: Awaited<ReturnType<typeof examineCloseNames>>;
try {
  report = await examineCloseNames(close, config.sources.values());
} catch (error) {
  const why = error instanceof CloseError ? `${error.request}: ${error.message}` : String(error);
  fail(
    `The doctor could not ask Close at ${baseUrl} (${why}): check CLOSE_API_BASE and the network (for the simulator, that \`npm run dev\` is running).`,
  );
}

const where = report.organization ? ` (organization "${report.organization}")` : "";
console.log(`close-bridge doctor: ${configPath} against ${baseUrl}${where}`);
if (report.ok) {
  console.log(`OK: ${report.checked} names checked, every one exists in Close.`);
  process.exit(0);
}
console.log(`${report.findings.length} problem(s) in ${report.checked} names checked:`);
for (const finding of report.findings) {
  const at = finding.source ? `[vars.SOURCES.${finding.source}] ` : "";
  console.log(`  - ${at}${finding.option}: ${finding.problem}\n      fix: ${finding.fix}`);
}
process.exit(1);
