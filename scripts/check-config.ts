// Validates wrangler.toml's [vars] with the Worker's own configuration schema, and checks that
// every secret it names is set for development (in .dev.vars or .dev.vars.example) and every
// rate-limiting binding it names is declared. Run by `npm run check`, by `npm run dev` when
// wrangler.toml changes, and before `npm run deploy`; exits 1 naming each problem.
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parse as parseToml } from "smol-toml";
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
  if (result.ok) return [];
  return result.problems.map((problem) => {
    const missing = /^the secret (?:(\S+) )?is not set$/.exec(problem.problem);
    if (!missing) return problem;
    const name = missing[1] ?? problem.field;
    return {
      ...problem,
      problem: `${problem.problem} in .dev.vars or .dev.vars.example: add ${name}=... to .dev.vars (yours) or .dev.vars.example (everyone's); in production, npx wrangler secret put ${name}`,
    };
  });
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
  const result = parseConfig(
    (parseToml(readFileSync(configPath, "utf8")) as { vars?: Record<string, unknown> }).vars ?? {},
  );
  console.log(`${configPath}: configuration valid (${result.config?.sources.size ?? 0} sources).`);
}
