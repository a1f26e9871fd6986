// `npm run deploy`: validate the configuration, check every name it uses against the Close
// organization (`npm run doctor -- --production`; skip with `npm run deploy -- --skip-doctor`),
// create the queues on the first deploy, deploy the Worker (wrangler creates the D1 database on
// the first deploy), then apply migrations/ to it. The first failure stops the deploy. Then it
// warns (without failing) about alerts: a configured channel whose secret production lacks,
// and a console link that is missing or points at this machine.
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { parse as parseToml } from "smol-toml";
import { findAlertWarnings, findConsoleUrlWarning } from "./check-config.ts";

type WranglerToml = {
  queues?: { producers?: { queue: string }[] };
  vars?: Record<string, unknown>;
  send_email?: { name: string }[];
};

/** The names of the production Worker's secrets, or undefined when wrangler cannot list them. */
function listProductionSecrets(): Set<string> | undefined {
  const result = spawnSync("wrangler", ["secret", "list", "--format", "json"], {
    encoding: "utf8",
    stdio: ["inherit", "pipe", "pipe"],
  });
  if (result.status !== 0) return undefined;
  try {
    const listed = JSON.parse(result.stdout) as { name: string }[];
    return new Set(listed.map((secret) => secret.name));
  } catch {
    return undefined;
  }
}

function run(args: string[], options: { allowFailure?: (output: string) => boolean } = {}) {
  console.log(`\n$ wrangler ${args.join(" ")}`);
  const result = spawnSync("wrangler", args, {
    encoding: "utf8",
    stdio: ["inherit", "pipe", "pipe"],
  });
  const output = `${result.stdout ?? ""}${result.stderr ?? ""}`;
  process.stdout.write(output);
  if (result.status !== 0 && !options.allowFailure?.(output)) {
    console.error(`\nwrangler ${args[0]} failed; nothing after it was done.`);
    process.exit(result.status ?? 1);
  }
}

const check = spawnSync("node", ["scripts/check-config.ts"], { stdio: "inherit" });
if (check.status !== 0) process.exit(check.status ?? 1);

if (process.argv.includes("--skip-doctor")) {
  console.log(
    "\nSkipping the doctor (--skip-doctor): names in wrangler.toml are not checked in Close.",
  );
} else {
  const doctor = spawnSync("node", ["scripts/doctor.ts", "--production"], { stdio: "inherit" });
  if (doctor.status !== 0) {
    const why =
      doctor.status === 1
        ? "The doctor found names Close lacks (above): fix them in Close or wrangler.toml"
        : "The doctor could not check the names (above)";
    console.error(
      `\n${why}. Nothing was deployed; deploy anyway with \`npm run deploy -- --skip-doctor\`.`,
    );
    process.exit(doctor.status ?? 1);
  }
}

const toml = parseToml(readFileSync("wrangler.toml", "utf8")) as WranglerToml;
for (const queue of new Set((toml.queues?.producers ?? []).map((p) => p.queue))) {
  run(["queues", "create", queue], {
    allowFailure: (output) => /already (exists|taken)/i.test(output),
  });
}
run(["deploy"]);
run(["d1", "migrations", "apply", "DB", "--remote"]);

const warnings: string[] = [];
const consoleWarning = findConsoleUrlWarning(toml.vars ?? {});
if (consoleWarning) warnings.push(consoleWarning);
const secrets = listProductionSecrets();
if (secrets) warnings.push(...findAlertWarnings(toml, secrets, "in production"));
else
  warnings.push(
    "could not list the production secrets: check that each alert channel's secret is set",
  );
for (const warning of warnings) console.warn(`\nwarning: ${warning}`);
console.log("\nDeployed. Set any secret your sources name: npx wrangler secret put <NAME>");
