// Test projects: `sim` (the Close simulator in workerd), `bridge` (the bridge in workerd, with
// the simulator as an auxiliary Worker receiving every outbound request), `tools` (the
// development scripts, in Node) and `e2e` (Node driving the dev servers and a real browser).
import { readFileSync } from "node:fs";
import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-plugin";
import { buildSync } from "esbuild";
import { parse as parseToml } from "smol-toml";
import { defineConfig } from "vitest/config";

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

const SIM_BUNDLE = ".wrangler/test-build/close-sim.mjs";

/** Bundles the simulator so that the bridge's tests can run it as an auxiliary Worker. */
function buildSimulator(): Record<string, Json> {
  buildSync({
    entryPoints: ["sim/src/index.ts"],
    bundle: true,
    format: "esm",
    platform: "neutral",
    target: "es2023",
    outfile: SIM_BUNDLE,
    external: ["cloudflare:*"],
    logLevel: "warning",
  });
  const simConfig = parseToml(readFileSync("sim/wrangler.toml", "utf8")) as {
    vars: Record<string, Json>;
  };
  return simConfig.vars;
}

/** The development secrets every test runs with: the same ones `npm run dev` uses. */
function readDevSecrets(): Record<string, string> {
  const secrets: Record<string, string> = {};
  for (const line of readFileSync(".dev.vars.example", "utf8").split("\n")) {
    const match = /^([A-Z][A-Z0-9_]*)=(.*)$/.exec(line.trim());
    if (match?.[1] && match[2] !== undefined) secrets[match[1]] = match[2];
  }
  return secrets;
}

const simVars = buildSimulator();
const migrations = await readD1Migrations("migrations");

export default defineConfig({
  test: {
    projects: [
      {
        plugins: [
          cloudflareTest({
            wrangler: { configPath: "./sim/wrangler.toml" },
            // A second accepted key, so that tests can tell keys apart (rate-limit budgets).
            miniflare: {
              bindings: { API_KEYS: [...(simVars.API_KEYS as string[]), "api_test.second0key"] },
            },
          }),
        ],
        // The files share one simulator: one at a time, in one reused Worker (much faster).
        test: {
          name: "sim",
          include: ["test/sim/**/*.test.ts"],
          // The first hook starts the simulator's runtime: on a busy 2-CPU machine that can
          // take longer than vitest's default 10 s.
          hookTimeout: 30_000,
          fileParallelism: false,
          isolate: false,
        },
      },
      {
        plugins: [
          cloudflareTest({
            wrangler: { configPath: "./wrangler.toml" },
            miniflare: {
              bindings: {
                ...readDevSecrets(),
                // Every outbound request goes to the simulator (outboundService), whatever the host.
                CLOSE_API_BASE: "http://close.test/api/v1",
                // Retries a second apart, so that retry tests take seconds, not hours.
                RETRY_BASE_S: "1",
                // A write whose answer was lost is looked for again a second later (no search lag here).
                SEARCH_SETTLE_S: "1",
                TEST_MIGRATIONS: migrations,
              },
              outboundService: "close-sim",
              // Email alerts through a real (local) send_email binding, as with Email Routing.
              email: { send_email: [{ name: "ALERT_EMAIL" }] },
              workers: [
                {
                  name: "close-sim",
                  modules: true,
                  scriptPath: SIM_BUNDLE,
                  compatibilityDate: "2026-11-01",
                  bindings: simVars,
                  durableObjects: {
                    ORGANIZATION: { className: "Organization", useSQLite: true },
                  },
                },
              ],
            },
          }),
        ],
        test: {
          name: "bridge",
          // Integration tests wait on a simulated network (latency, retries): give them room.
          testTimeout: 30_000,
          hookTimeout: 30_000,
          setupFiles: [
            "test/setup/apply-migrations.ts",
            "test/setup/scan-secrets.ts",
            "test/setup/phone-metadata.ts",
          ],
          include: ["test/**/*.test.ts"],
          exclude: ["test/sim/**", "test/e2e/**", "test/tools/**"],
          // Files share one simulator and one database: run them one at a time.
          fileParallelism: false,
          isolate: false,
        },
      },
      {
        // The development tools (the dev server supervisor, the configuration check) in Node.
        test: {
          name: "tools",
          environment: "node",
          include: ["test/tools/**/*.test.ts"],
        },
      },
      {
        test: {
          name: "e2e",
          environment: "node",
          include: ["test/e2e/**/*.test.ts"],
          globalSetup: ["test/e2e/global-setup.ts"],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
