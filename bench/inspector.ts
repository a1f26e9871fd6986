// The DevTools protocol against workerd (Miniflare's inspector): CPU profiles of one Worker's
// isolate, what part of them the isolate was busy, and whose code (which package or source
// file of the bundle, through its source map) the busy samples were in.
import { readFileSync } from "node:fs";

/** One DevTools connection to a Worker. */
export type Inspector = {
  send(method: string, params?: Record<string, unknown>): Promise<Record<string, unknown>>;
  close(): void;
};

/** Connects to `core:user:<worker>` on Miniflare's inspector. */
export async function connectInspector(inspectorUrl: URL, worker: string): Promise<Inspector> {
  const socket = new WebSocket(new URL(`/core:user:${worker}`, inspectorUrl).href);
  await new Promise<void>((resolve, reject) => {
    socket.addEventListener("open", () => resolve(), { once: true });
    socket.addEventListener("error", () => reject(new Error(`inspector of ${worker}`)), {
      once: true,
    });
  });
  let next = 0;
  const waiting = new Map<number, (message: Record<string, unknown>) => void>();
  socket.addEventListener("message", (event) => {
    const message = JSON.parse(String(event.data)) as Record<string, unknown>;
    if (typeof message.id === "number") waiting.get(message.id)?.(message);
  });
  return {
    send(method, params = {}) {
      next += 1;
      const id = next;
      return new Promise((resolve, reject) => {
        waiting.set(id, (message) => {
          waiting.delete(id);
          if (message.error) reject(new Error(`${method}: ${JSON.stringify(message.error)}`));
          else resolve((message.result ?? {}) as Record<string, unknown>);
        });
        socket.send(JSON.stringify({ id, method, params }));
      });
    },
    close() {
      socket.close();
    },
  };
}

/** A V8 CPU profile, as `Profiler.stop` returns it. */
export type CpuProfile = {
  nodes: {
    id: number;
    callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  }[];
  startTime: number;
  endTime: number;
  samples?: number[];
  timeDeltas?: number[];
};

/** Profiles the isolate while `work` runs, sampling every `intervalUs` microseconds. */
export async function profile(
  inspector: Inspector,
  work: () => Promise<void>,
  intervalUs = 100,
): Promise<CpuProfile> {
  await inspector.send("Profiler.enable");
  await inspector.send("Profiler.setSamplingInterval", { interval: intervalUs });
  await inspector.send("Profiler.start");
  let stopped: Record<string, unknown> = {};
  try {
    await work();
  } finally {
    // Stopped whatever happened, so that a failed run leaves no profiler running.
    stopped = await inspector.send("Profiler.stop");
  }
  return stopped.profile as CpuProfile;
}

const NOT_BUSY = new Set(["(idle)"]);

/** Milliseconds the isolate was busy (every sample but idle ones) in a profile. */
export function busyMs(cpu: CpuProfile): number {
  const nodes = new Map(cpu.nodes.map((node) => [node.id, node]));
  const samples = cpu.samples ?? [];
  let busyUs = 0;
  (cpu.timeDeltas ?? []).forEach((delta, index) => {
    const name = nodes.get(samples[index] ?? -1)?.callFrame.functionName ?? "(idle)";
    if (!NOT_BUSY.has(name)) busyUs += delta;
  });
  return busyUs / 1000;
}

const BASE64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/** Where each generated line's segments come from: [column, source index] pairs, in order. */
export type SourceMapIndex = { sources: string[]; lines: [number, number][][] };

/** Reads a source map's mappings (Base64 VLQ) into generated column to source index. */
export function readSourceMap(path: string): SourceMapIndex {
  const map = JSON.parse(readFileSync(path, "utf8")) as { sources: string[]; mappings: string };
  const lines: [number, number][][] = [];
  let source = 0;
  for (const line of map.mappings.split(";")) {
    const segments: [number, number][] = [];
    let column = 0;
    for (const segment of line.split(",")) {
      if (segment === "") continue;
      const fields: number[] = [];
      let value = 0;
      let shift = 0;
      for (const char of segment) {
        const digit = BASE64.indexOf(char);
        value += (digit & 31) << shift;
        if (digit & 32) shift += 5;
        else {
          fields.push(value & 1 ? -(value >> 1) : value >> 1);
          value = 0;
          shift = 0;
        }
      }
      column += fields[0] ?? 0;
      if (fields.length >= 4) {
        source += fields[1] ?? 0;
        segments.push([column, source]);
      }
    }
    lines.push(segments);
  }
  return { sources: map.sources, lines };
}

/** The source a generated position comes from (the last segment at or before it). */
export function sourceAt(index: SourceMapIndex, line: number, column: number): string | undefined {
  const segments = index.lines[line] ?? [];
  let found: number | undefined;
  for (const [start, source] of segments) {
    if (start > column) break;
    found = source;
  }
  return found === undefined ? undefined : index.sources[found];
}

/** A package (`zod`, `hono`, ...) or, for the project's own code, its file (`src/...`). */
export function partOf(source: string): string {
  const dependency = /node_modules\/((@[^/]+\/)?[^/]+)/.exec(source)?.[1];
  if (dependency) return dependency;
  const own = /(?:^|\/)((?:src|bench|sim)\/.*)$/.exec(source)?.[1];
  return own ?? source.replace(/^(\.\.\/)+/, "");
}

/**
 * Busy milliseconds of a profile by where the running code came from: each sample's function
 * is located in `script` through the source map; samples outside it are the runtime's own
 * (`(program)`, `(garbage collector)`, native functions such as `JSON.parse` or WebCrypto).
 */
export function busyByPart(
  cpu: CpuProfile,
  script: string,
  map: SourceMapIndex,
  group: (source: string) => string = partOf,
): Map<string, number> {
  const nodes = new Map(cpu.nodes.map((node) => [node.id, node]));
  const samples = cpu.samples ?? [];
  const parts = new Map<string, number>();
  (cpu.timeDeltas ?? []).forEach((delta, index) => {
    const frame = nodes.get(samples[index] ?? -1)?.callFrame;
    if (!frame || NOT_BUSY.has(frame.functionName)) return;
    let part: string;
    if (frame.url.endsWith(script)) {
      const source = sourceAt(map, frame.lineNumber, frame.columnNumber);
      part = source ? group(source) : "(bundle, unmapped)";
    } else if (frame.url === "") {
      part = frame.functionName.startsWith("(")
        ? frame.functionName
        : `(runtime) ${frame.functionName}`;
    } else {
      part = "(runtime)";
    }
    parts.set(part, (parts.get(part) ?? 0) + delta / 1000);
  });
  return parts;
}
