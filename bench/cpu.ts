// Benchmark 1, CPU per submission: for every fixture, the work each delivery costs before any
// I/O (signature or token check over the body, parse, extract, map, validate, dedupe key and
// body hash), timed in workerd (bench/workers/cpu.ts, with the bridge's configuration and
// development secrets), against `JSON.parse` of the same data; in rounds, every fixture once
// a round, so that the machine's drift spreads over all of them.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { convertV4MiniflareOptions, Miniflare, type V4MiniflareOptions } from "miniflare";
import { unstable_getMiniflareWorkerOptions } from "wrangler";
import { type BenchFixture, SIGNED_URL_ORIGIN } from "./fixtures.ts";
import { bundleWorker, devSecrets } from "./servers.ts";
import { median, spread } from "./stats.ts";

/** One fixture's figures over the rounds (milliseconds per submission). */
export type CpuFigures = {
  name: string;
  /** Each round's figure, in the order run. */
  rounds: number[];
  median: number;
  min: number;
  max: number;
  /** `JSON.parse` of the same data: the median over the rounds. */
  jsonParse: number;
};

/** Measures every fixture in `rounds` rounds, each measurement spanning `spanMs`. */
export async function measureCpu(
  fixtures: BenchFixture[],
  rounds: number,
  spanMs: number,
): Promise<CpuFigures[]> {
  const dir = mkdtempSync(join(tmpdir(), "close-bridge-cpu-"));
  try {
    await bundleWorker("bench/workers/cpu.ts", join(dir, "cpu.mjs"));
    const { workerOptions } = unstable_getMiniflareWorkerOptions("wrangler.toml");
    const mf = new Miniflare(
      convertV4MiniflareOptions({
        host: "127.0.0.1",
        port: 0,
        handleStructuredLogs: () => {},
        name: "close-bridge-cpu",
        compatibilityDate: workerOptions.compatibilityDate,
        compatibilityFlags: workerOptions.compatibilityFlags,
        modules: true,
        script: readFileSync(join(dir, "cpu.mjs"), "utf8"),
        // The bridge's vars (its sources) and its development secrets; no other binding.
        bindings: { ...(workerOptions.bindings as Record<string, unknown>), ...devSecrets() },
      } as V4MiniflareOptions),
    );
    try {
      await mf.ready;
      const submission = new Map<string, number[]>();
      const jsonParse = new Map<string, number[]>();
      // A first round that is not counted: the JIT compiles the hot paths during it.
      for (let round = -1; round < rounds; round++) {
        for (const fixture of fixtures) {
          const response = await mf.dispatchFetch("http://cpu.bench/", {
            method: "POST",
            body: JSON.stringify({
              source: fixture.source,
              url: `${SIGNED_URL_ORIGIN}${fixture.path}`,
              headers: fixture.headers,
              body: Buffer.from(fixture.body).toString("base64"),
              json: fixture.json,
              spanMs: round < 0 ? spanMs / 2 : spanMs,
            }),
          });
          if (!response.ok) throw new Error(`${fixture.name}: ${await response.text()}`);
          const figures = (await response.json()) as { submissionMs: number; jsonParseMs: number };
          if (round < 0) continue;
          submission.set(fixture.name, [
            ...(submission.get(fixture.name) ?? []),
            figures.submissionMs,
          ]);
          jsonParse.set(fixture.name, [
            ...(jsonParse.get(fixture.name) ?? []),
            figures.jsonParseMs,
          ]);
        }
      }
      return fixtures.map((fixture) => {
        const runs = submission.get(fixture.name) ?? [];
        return {
          name: fixture.name,
          rounds: runs,
          median: median(runs),
          ...spread(runs),
          jsonParse: median(jsonParse.get(fixture.name) ?? []),
        };
      });
    } finally {
      await mf.dispose();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
