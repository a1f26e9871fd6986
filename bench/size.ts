// Benchmark 5, size and start: the minified bundle wrangler would deploy (raw and gzip), what
// each dependency weighs in it, and how long evaluating it takes (a fresh Node process each
// time; workerd evaluates the same V8 code at start-up).
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";
import { median } from "./http.ts";

/** The bundle's figures. */
export type SizeFigures = {
  rawBytes: number;
  gzipBytes: number;
  shares: Record<string, number>;
  evaluateMs: number;
};

/** Minified bytes per package in an esbuild bundle of the same entry (the shares, not the total). */
async function sharesOf(entry: string): Promise<Record<string, number>> {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    minify: true,
    format: "esm",
    platform: "neutral",
    target: "es2023",
    write: false,
    metafile: true,
    external: ["cloudflare:*", "node:*"],
    conditions: ["workerd", "worker", "browser"],
    mainFields: ["module", "main"],
  });
  const shares: Record<string, number> = {};
  for (const output of Object.values(result.metafile.outputs)) {
    for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
      const name = /node_modules\/((@[^/]+\/)?[^/]+)/.exec(input)?.[1] ?? "own code";
      shares[name] = (shares[name] ?? 0) + bytesInOutput;
    }
  }
  return shares;
}

/** Builds the deployable bundle and measures it. */
export async function measureSize(evaluations: number): Promise<SizeFigures> {
  const outdir = mkdtempSync(join(tmpdir(), "close-bridge-bundle-"));
  try {
    execFileSync("wrangler", ["deploy", "--dry-run", "--minify", "--outdir", outdir], {
      stdio: "ignore",
      env: { ...process.env, WRANGLER_LOG: "warn", WRANGLER_SEND_METRICS: "false" },
    });
    const bundle = readFileSync(join(outdir, "index.js"));
    const times: number[] = [];
    for (let i = 0; i < evaluations; i++) {
      const run = spawnSync(
        process.execPath,
        [
          "--input-type=module",
          "-e",
          `const t = performance.now(); await import(${JSON.stringify(join(outdir, "index.js"))}); console.log(performance.now() - t);`,
        ],
        { encoding: "utf8" },
      );
      times.push(Number(run.stdout.trim()));
    }
    return {
      rawBytes: bundle.length,
      gzipBytes: gzipSync(bundle, { level: 9 }).length,
      shares: await sharesOf("src/index.ts"),
      evaluateMs: median(times),
    };
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}
