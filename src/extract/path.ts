// Field paths: `email`, `contact.emails[0]`, `query.utm_source`, `["First Name"]`. A path that
// is itself the name of an answer (a label with spaces or dots) wins over traversal.
import type { Fields, Value } from "../parse/body.ts";
import type { Answer, Extraction } from "./types.ts";

/** One step of a path: an object key or a list index. */
export type PathSegment = string | number;

const pathCache = new Map<string, PathSegment[]>();

/** Splits a path into segments: `a.b[0]["c d"]` becomes `["a", "b", 0, "c d"]`. */
export function parsePath(path: string): PathSegment[] {
  const cached = pathCache.get(path);
  if (cached) return cached;
  const segments: PathSegment[] = [];
  const pattern = /([^.[\]]+)|\[(\d+)\]|\["((?:[^"\\]|\\.)*)"\]/g;
  for (const match of path.matchAll(pattern)) {
    if (match[1] !== undefined) segments.push(match[1]);
    else if (match[2] !== undefined) segments.push(Number(match[2]));
    else if (match[3] !== undefined) segments.push(match[3].replace(/\\(.)/g, "$1"));
  }
  if (pathCache.size < 1000) pathCache.set(path, segments);
  return segments;
}

/** Writes segments back as the canonical path text. */
export function formatPath(segments: readonly PathSegment[]): string {
  let text = "";
  for (const segment of segments) {
    if (typeof segment === "number") text += `[${segment}]`;
    else if (/^[^.[\]"]+$/.test(segment)) text += text === "" ? segment : `.${segment}`;
    else text += `["${segment.replace(/(["\\])/g, "\\$1")}"]`;
  }
  return text;
}

/** Reads the value at `segments` inside `root`, or undefined. */
export function readPath(
  root: Value | undefined,
  segments: readonly PathSegment[],
): Value | undefined {
  let current: Value | undefined = root;
  for (const segment of segments) {
    if (current === null || current === undefined || typeof current !== "object") return undefined;
    if (Array.isArray(current)) {
      if (typeof segment !== "number") return undefined;
      current = current[segment];
    } else {
      if (typeof segment !== "string" || !Object.hasOwn(current, segment)) return undefined;
      current = (current as Fields)[segment];
    }
  }
  return current;
}

/** A path's value and the answers it used (they are left out of the note). */
export type Resolved = { value: Value | undefined; answers: Answer[] };

/** Resolves a path against an extraction: an answer's key or label first, then the document. */
export function resolvePath(extraction: Extraction, path: string): Resolved {
  const byName =
    extraction.answers.find((answer) => answer.key === path) ??
    extraction.answers.find((answer) => answer.label === path);
  if (byName) return { value: byName.value, answers: [byName] };
  const segments = parsePath(path);
  const [head] = segments;
  const answer =
    typeof head === "string"
      ? (extraction.answers.find((a) => a.key === head) ??
        extraction.answers.find((a) => a.label === head))
      : undefined;
  if (answer) {
    const inside = readPath(answer.value, segments.slice(1));
    // Jotform's `q5_phoneNumber.full`: the answer's key, then a path inside its value.
    if (inside !== undefined) return { value: inside, answers: [answer] };
  }
  const value = readPath(extraction.document, segments);
  const canonical = formatPath(segments);
  const used = extraction.answers.filter(
    (a) =>
      a.key === canonical || a.key.startsWith(`${canonical}.`) || a.key.startsWith(`${canonical}[`),
  );
  return { value, answers: used };
}
