// Generates (or with --check, verifies) the runtime and binding types of both Workers with
// `wrangler types`. Secrets are read from `.dev.vars.example`, never from a developer's own
// `.dev.vars`, so that the output is the same on every machine. `npm run dev` runs the check
// (and regenerates) whenever wrangler.toml or .dev.vars.example changed.
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const RUNS: string[][] = [
  ["types", "worker-configuration.d.ts", "--env-file", ".dev.vars.example"],
  ["types", "sim/worker-configuration.d.ts", "-c", "sim/wrangler.toml"],
];

/** Runs `wrangler types` for both Workers; answers the files that failed (out of date, with `check`). */
export function runTypes(check: boolean): string[] {
  const failed: string[] = [];
  for (const run of RUNS) {
    const args = [...run, "--strict-vars=false", ...(check ? ["--check"] : [])];
    try {
      execFileSync("wrangler", args, {
        stdio: ["ignore", "pipe", check ? "pipe" : "inherit"],
        env: { ...process.env, WRANGLER_SEND_METRICS: "false" },
      });
    } catch {
      failed.push(run[1] ?? "");
    }
  }
  return failed;
}

/** The files the Worker types are made from, and where their last checked state is kept. */
const TYPE_SOURCES = ["wrangler.toml", ".dev.vars.example", "sim/wrangler.toml"];
const TYPES_STAMP = ".wrangler/dev-types.sha256";

/**
 * Regenerates the Worker types when what they are made from changed since the last check and
 * they are out of date (`npm run dev` does it at start and when wrangler.toml changes).
 */
export function refreshStaleTypes(report: (message: string) => void) {
  const hash = createHash("sha256");
  for (const file of TYPE_SOURCES) hash.update(existsSync(file) ? readFileSync(file) : "-");
  const digest = hash.digest("hex");
  if (existsSync(TYPES_STAMP) && readFileSync(TYPES_STAMP, "utf8") === digest) return;
  const stale = runTypes(true);
  if (stale.length > 0) {
    const failed = runTypes(false);
    if (failed.length > 0)
      report(`could not regenerate ${failed.join(", ")} (wrangler types failed).`);
    else {
      const were = stale.length === 1 ? "it was" : "they were";
      report(`regenerated ${stale.join(" and ")}: ${were} out of date (commit it).`);
    }
  }
  mkdirSync(".wrangler", { recursive: true });
  writeFileSync(TYPES_STAMP, digest);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const check = process.argv.includes("--check");
  const failed = runTypes(check);
  if (failed.length > 0) {
    for (const file of failed) {
      console.error(
        check
          ? `The committed ${file} is out of date: run \`npm run types\` (\`npm run dev\` does it for you) and commit the result.`
          : `wrangler types for ${file} failed.`,
      );
    }
    process.exit(1);
  }
  console.log(check ? "Worker types are up to date." : "Worker types written.");
}
