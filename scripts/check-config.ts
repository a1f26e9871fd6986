// Validates wrangler.toml's [vars] with the Worker's own configuration schema, and checks that
// every secret it names is in .dev.vars.example (so `npm run dev` works on a fresh clone).
// Run by `npm run check` and before `npm run deploy`; exits 1 naming each problem.
import { readFileSync } from "node:fs";
import { parse as parseToml } from "smol-toml";
import { type ConfigProblem, findMissingSecrets, parseConfig } from "../src/config/load.ts";

const configPath = process.argv[2] ?? "wrangler.toml";
const toml = parseToml(readFileSync(configPath, "utf8")) as {
  vars?: Record<string, unknown>;
  ratelimits?: { name: string }[];
};
const result = parseConfig(toml.vars ?? {});

let problems: ConfigProblem[] = [];
if (!result.ok) {
  problems = result.problems;
} else {
  const example = Object.fromEntries(
    readFileSync(".dev.vars.example", "utf8")
      .split("\n")
      .map((line) => line.trim())
      .filter((line) => line !== "" && !line.startsWith("#") && line.includes("="))
      .map((line) => [line.slice(0, line.indexOf("=")).trim(), "set"]),
  );
  problems = findMissingSecrets(result.config, example).map((problem) => ({
    ...problem,
    problem: `${problem.problem} in .dev.vars.example`,
  }));
  const limiters = new Set((toml.ratelimits ?? []).map((binding) => binding.name));
  for (const source of result.config.sources.values()) {
    if (source.rate_limit && !limiters.has(source.rate_limit)) {
      problems.push({
        source: source.name,
        field: "rate_limit",
        problem: `no [[ratelimits]] binding named ${source.rate_limit} in ${configPath}`,
      });
    }
  }
}

if (problems.length > 0) {
  console.error(`${configPath} is not a valid close-bridge configuration:`);
  for (const { source, field, problem } of problems) {
    console.error(`  - ${source ? `[vars.SOURCES.${source}] ` : ""}${field}: ${problem}`);
  }
  process.exit(1);
}
const count = result.ok ? result.config.sources.size : 0;
console.log(`${configPath}: configuration valid (${count} sources).`);
