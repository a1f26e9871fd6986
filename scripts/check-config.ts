// Validates wrangler.toml's [vars] with the Worker's own configuration schema, and checks that
// every secret it names is set for development (in .dev.vars or .dev.vars.example) and every
// rate-limiting binding it names is declared. Run by `npm run check`, by `npm run dev` when
// wrangler.toml changes, and before `npm run deploy`; exits 1 naming each problem. An alert
// channel whose secret or binding is missing is a warning (the channel is off), not a failure.
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parse as parseToml } from "smol-toml";
import { AlertsConfig } from "../src/config/alerts.ts";
import { type ConfigProblem, checkConfig, parseConfig } from "../src/config/load.ts";

/** The names a dotenv file sets (`NAME=value` lines; comments and blank lines skipped). */
export function readDotenvNames(path: string): Set<string> {
  if (!existsSync(path)) return new Set();
  return new Set(
    readFileSync(path, "utf8")
      .split("\n")
      .map((line) => line.trim())
      .filter((line) => line !== "" && !line.startsWith("#") && line.includes("="))
      .map((line) => line.slice(0, line.indexOf("=")).trim()),
  );
}

/** Every problem of a wrangler.toml, with the secrets of the development files. */
export function findConfigProblems(configPath: string, root = "."): ConfigProblem[] {
  const toml = parseToml(readFileSync(configPath, "utf8")) as {
    vars?: Record<string, unknown>;
    ratelimits?: { name: string }[];
    assets?: { binding?: string };
  };
  const secrets = new Set([
    ...readDotenvNames(`${root}/.dev.vars`),
    ...readDotenvNames(`${root}/.dev.vars.example`),
  ]);
  const limiters = new Set((toml.ratelimits ?? []).map((binding) => binding.name));
  const result = checkConfig(
    parseConfig(toml.vars ?? {}),
    Object.fromEntries([...secrets].map((name) => [name, "set"])),
    (name) => limiters.has(name),
    configPath,
  );
  const problems = result.ok ? [] : [...result.problems];
  if (toml.assets?.binding !== "ASSETS") {
    // The phone metadata is read through it: without it, every submission is refused (503).
    problems.push({
      field: "[assets]",
      problem:
        'needs binding = "ASSETS" (and directory = "public"): the Worker reads its phone number data through it, and refuses every submission without it',
    });
  }
  return problems.map((problem) => {
    const missing = /^the secret (?:(\S+) )?is not set$/.exec(problem.problem);
    if (!missing) return problem;
    const name = missing[1] ?? problem.field;
    return {
      ...problem,
      problem: `${problem.problem} in .dev.vars or .dev.vars.example: add ${name}=... to .dev.vars (yours) or .dev.vars.example (everyone's); in production, npx wrangler secret put ${name}`,
    };
  });
}

/** What `[vars.ALERTS]` needs set: each channel's secrets, and its send_email binding. */
export function alertNeeds(vars: Record<string, unknown>): {
  secrets: { channel: string; name: string }[];
  bindings: { channel: string; name: string }[];
} {
  const parsed = AlertsConfig.safeParse(vars.ALERTS ?? {});
  if (!parsed.success) return { secrets: [], bindings: [] };
  const { slack, webhook, email } = parsed.data;
  return {
    secrets: [
      ...(slack ? [{ channel: "slack", name: slack.url_secret }] : []),
      ...(webhook
        ? [
            { channel: "webhook", name: webhook.url_secret },
            { channel: "webhook", name: webhook.signing_secret },
          ]
        : []),
    ],
    bindings: email ? [{ channel: "email", name: email.binding }] : [],
  };
}

/**
 * Warnings about alerts, which do not fail the check: a configured channel whose secret is not
 * among `secrets` (or whose send_email binding is not declared) is off, and alerts on it are
 * silently lost; deep health reports it too.
 */
export function findAlertWarnings(
  toml: { vars?: Record<string, unknown>; send_email?: { name: string }[] },
  secrets: ReadonlySet<string>,
  where: string,
): string[] {
  const needs = alertNeeds(toml.vars ?? {});
  const declared = new Set((toml.send_email ?? []).map((binding) => binding.name));
  return [
    ...needs.secrets
      .filter(({ name }) => !secrets.has(name))
      .map(
        ({ channel, name }) =>
          `[vars.ALERTS] ${channel}: the secret ${name} is not set ${where}: the ${channel} channel is off until it is (npx wrangler secret put ${name})`,
      ),
    ...needs.bindings
      .filter(({ name }) => !declared.has(name))
      .map(
        ({ channel, name }) =>
          `[vars.ALERTS] ${channel}: no [[send_email]] binding named ${name} in wrangler.toml: the ${channel} channel is off`,
      ),
  ];
}

/** A warning when alerts would not link to the console: CONSOLE_URL unset, or on this machine. */
export function findConsoleUrlWarning(vars: Record<string, unknown>): string | undefined {
  const url = typeof vars.CONSOLE_URL === "string" ? vars.CONSOLE_URL : "";
  if (url === "") {
    return "CONSOLE_URL is not set in [vars]: alerts say the console is at /admin of the bridge, without a link (set it to https://<worker>.workers.dev/admin)";
  }
  if (/^https?:\/\/(localhost|127\.|\[::1\]|0\.0\.0\.0)/i.test(url)) {
    return `CONSOLE_URL is ${url}, on this machine: alerts from production would link there (set it to https://<worker>.workers.dev/admin; .dev.vars sets the local one)`;
  }
  return undefined;
}

/** The problems as `npm run check` prints them, one line each. */
export function formatConfigProblems(configPath: string, problems: ConfigProblem[]): string {
  return [
    `${configPath} is not a valid close-bridge configuration:`,
    ...problems.map(
      ({ source, field, problem }) =>
        `  - ${source ? `[vars.SOURCES.${source}] ` : ""}${field}: ${problem}`,
    ),
  ].join("\n");
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const configPath = process.argv[2] ?? "wrangler.toml";
  const problems = findConfigProblems(configPath);
  if (problems.length > 0) {
    console.error(formatConfigProblems(configPath, problems));
    process.exit(1);
  }
  const toml = parseToml(readFileSync(configPath, "utf8")) as {
    vars?: Record<string, unknown>;
    send_email?: { name: string }[];
  };
  const devSecrets = new Set([
    ...readDotenvNames(".dev.vars"),
    ...readDotenvNames(".dev.vars.example"),
  ]);
  for (const warning of findAlertWarnings(toml, devSecrets, "in .dev.vars or .dev.vars.example")) {
    console.warn(`warning: ${warning}`);
  }
  const result = parseConfig(toml.vars ?? {});
  console.log(`${configPath}: configuration valid (${result.config?.sources.size ?? 0} sources).`);
}
