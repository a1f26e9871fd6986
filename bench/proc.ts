// workerd's CPU time as Linux counts it in /proc: what a benchmark's requests cost the runtime
// whatever else runs on the machine (a shared machine's load stretches wall time, not this).
import { readdirSync, readFileSync } from "node:fs";

/** workerd's process among this process's children, when /proc tells. */
export function findWorkerd(): number | undefined {
  try {
    for (const entry of readdirSync("/proc")) {
      if (!/^\d+$/.test(entry)) continue;
      try {
        const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
        const match = /^\d+ \((.*)\) \S (\d+)/.exec(stat);
        if (match?.[1] === "workerd" && Number(match[2]) === process.pid) return Number(entry);
      } catch {
        // the process ended meanwhile
      }
    }
  } catch {
    // no /proc here
  }
  return undefined;
}

/** Nanoseconds every thread of `pid` has run on a CPU so far. */
export function cpuTimeNs(pid: number): number {
  let total = 0;
  for (const task of readdirSync(`/proc/${pid}/task`)) {
    try {
      total += Number(readFileSync(`/proc/${pid}/task/${task}/schedstat`, "utf8").split(" ")[0]);
    } catch {
      // the thread ended meanwhile
    }
  }
  return total;
}
