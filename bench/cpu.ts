// Benchmark 2, CPU per submission: for every fixture, the work each delivery costs before any
// I/O (signature or token check over the body, parse, extract, map, validate, dedupe key and
// body hash), run in workerd (bench/workers/cpu.ts, with the bridge's configuration and
// development secrets) against `JSON.parse` of the same data; and, for the preview's kinds,
// each stage alone. In rounds, every fixture once a round, so that the machine's drift
// spreads over all of them. The time is workerd's own CPU time (its threads' run time, which
// the Linux kernel counts in /proc), so other work on a shared machine does not inflate it;
// where /proc is missing, workerd's own clock measures instead (wall time, whole ms).
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { convertV4MiniflareOptions, Miniflare, type V4MiniflareOptions } from "miniflare";
import { unstable_getMiniflareWorkerOptions } from "wrangler";
import { type BenchFixture, SIGNED_URL_ORIGIN } from "./fixtures.ts";
import { cpuTimeNs, findWorkerd } from "./proc.ts";
import { bundleWorker, devSecrets } from "./servers.ts";
import { median, spread } from "./stats.ts";
import type { CPU_TASKS } from "./workers/cpu.ts";

type Task = (typeof CPU_TASKS)[number];

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

/** One delivery's stages, each run alone (ms per run, medians over rounds). */
export type StageFigures = Record<Exclude<Task, "submission" | "jsonParse">, number> & {
  name: string;
  /** Phones in the delivery's draft (map reads each). */
  phones: number;
};

const STAGES = ["auth", "parse", "extract", "map", "phone", "validate", "answer"] as const;

/** How the figures were taken. */
export type CpuClock = "workerd's CPU time (/proc)" | "workerd's clock (wall time)";

/**
 * Measures every fixture in `rounds` rounds, each measurement spanning `spanMs`, and the
 * stages of `staged` (the preview's kinds) in the same rounds.
 */
export async function measureCpu(
  fixtures: BenchFixture[],
  staged: BenchFixture[],
  rounds: number,
  spanMs: number,
): Promise<{ fixtures: CpuFigures[]; stages: StageFigures[]; clock: CpuClock }> {
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
        // The bridge's vars (its sources), its development secrets, and its rate-limiting
        // binding (which the configuration checks for; the work measured never calls it).
        bindings: { ...(workerOptions.bindings as Record<string, unknown>), ...devSecrets() },
        ratelimits: workerOptions.ratelimits,
      } as unknown as V4MiniflareOptions),
    );
    try {
      await mf.ready;
      const workerd = findWorkerd();
      const figures = new Map<string, number[]>();
      let phones = new Map<string, number>();
      const run = async (fixture: BenchFixture, task: Task, span: number) => {
        const before = workerd === undefined ? 0 : cpuTimeNs(workerd);
        const response = await mf.dispatchFetch("http://cpu.bench/", {
          method: "POST",
          body: JSON.stringify({
            source: fixture.source,
            url: `${SIGNED_URL_ORIGIN}${fixture.path}`,
            headers: fixture.headers,
            body: Buffer.from(fixture.body).toString("base64"),
            json: fixture.json,
            task,
            spanMs: span,
          }),
        });
        if (!response.ok) throw new Error(`${fixture.name}: ${await response.text()}`);
        const result = (await response.json()) as { runs: number; ms: number; phones: number };
        phones = phones.set(fixture.name, result.phones);
        const ms = workerd === undefined ? result.ms : (cpuTimeNs(workerd) - before) / 1e6;
        return ms / result.runs;
      };
      const keep = (key: string, value: number) =>
        figures.set(key, [...(figures.get(key) ?? []), value]);
      // A first round that is not counted: the JIT compiles the hot paths during it.
      for (let round = -1; round < rounds; round++) {
        const span = round < 0 ? spanMs / 2 : spanMs;
        for (const fixture of fixtures) {
          const submission = await run(fixture, "submission", span);
          const json = await run(fixture, "jsonParse", span / 2);
          if (round < 0) continue;
          keep(`${fixture.name} submission`, submission);
          keep(`${fixture.name} jsonParse`, json);
        }
        for (const fixture of staged) {
          for (const stage of STAGES) {
            const ms = await run(fixture, stage, span / 2);
            if (round >= 0) keep(`${fixture.name} ${stage}`, ms);
          }
        }
      }
      const medianOf = (key: string) => median(figures.get(key) ?? []);
      return {
        clock: workerd === undefined ? "workerd's clock (wall time)" : "workerd's CPU time (/proc)",
        stages: staged.map((fixture) => ({
          name: fixture.name,
          phones: phones.get(fixture.name) ?? 0,
          ...(Object.fromEntries(
            STAGES.map((stage) => [stage, medianOf(`${fixture.name} ${stage}`)]),
          ) as Record<(typeof STAGES)[number], number>),
        })),
        fixtures: fixtures.map((fixture) => {
          const runs = figures.get(`${fixture.name} submission`) ?? [];
          return {
            name: fixture.name,
            rounds: runs,
            median: median(runs),
            ...spread(runs),
            jsonParse: medianOf(`${fixture.name} jsonParse`),
          };
        }),
      };
    } finally {
      await mf.dispose();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
