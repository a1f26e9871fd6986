// Generates (or with --check, verifies) the runtime and binding types of both Workers with
// `wrangler types`. Secrets are read from `.dev.vars.example`, never from a developer's own
// `.dev.vars`, so that the output is the same on every machine.
import { execFileSync } from "node:child_process";

const check = process.argv.includes("--check");
const common = ["--strict-vars=false", ...(check ? ["--check"] : [])];
const runs: string[][] = [
  ["types", "worker-configuration.d.ts", "--env-file", ".dev.vars.example", ...common],
  ["types", "sim/worker-configuration.d.ts", "-c", "sim/wrangler.toml", ...common],
];

for (const args of runs) {
  try {
    execFileSync("wrangler", args, { stdio: ["ignore", "pipe", "inherit"] });
  } catch {
    console.error(
      check
        ? `The committed ${args[1]} is out of date: run \`npm run types\` and commit the result.`
        : `wrangler ${args.join(" ")} failed.`,
    );
    process.exit(1);
  }
}
console.log(check ? "Worker types are up to date." : "Worker types written.");
