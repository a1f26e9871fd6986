// Benchmark 1, CPU per submission: parse + extract + map + validate (the pure stages, what
// every request costs before any I/O) for every fixture, against JSON.parse of the same body,
// with tinybench in this process (Node's V8, the engine workerd runs).
import { Bench } from "tinybench";
import { prepareSubmission } from "../src/pipeline.ts";
import type { BenchFixture } from "./fixtures.ts";

/** One fixture's figures in one round (milliseconds). */
export type CpuFigures = {
  name: string;
  p50: number;
  p99: number;
  jsonP50: number;
  samples: number;
};

/**
 * Runs one round over every fixture, `timeMs` each after `warmupMs` (a round before the counted
 * ones warms the JIT up; the counted ones need only a short warm-up of each task).
 */
export async function measureCpu(
  fixtures: BenchFixture[],
  timeMs: number,
  warmupMs: number,
): Promise<CpuFigures[]> {
  const bench = new Bench({ time: timeMs, warmupTime: warmupMs, warmupIterations: 10 });
  for (const fixture of fixtures) {
    // Check once that the fixture is a contact, so that the figure is of the full path.
    const prepared = await prepareSubmission(fixture.raw, fixture.source);
    if (prepared.kind !== "contact")
      throw new Error(`${fixture.name} is not a contact (${prepared.kind})`);
    bench.add(fixture.name, () => prepareSubmission(fixture.raw, fixture.source));
    bench.add(`${fixture.name} JSON.parse`, () => JSON.parse(fixture.text));
  }
  await bench.run();
  const byName = new Map(bench.tasks.map((task) => [task.name, task.result]));
  return fixtures.map((fixture) => {
    const result = byName.get(fixture.name);
    const json = byName.get(`${fixture.name} JSON.parse`);
    if (!result || !("latency" in result) || !json || !("latency" in json)) {
      throw new Error(`no result for ${fixture.name}`);
    }
    return {
      name: fixture.name,
      p50: result.latency.p50,
      p99: result.latency.p99,
      jsonP50: json.latency.p50,
      samples: result.latency.samplesCount,
    };
  });
}
