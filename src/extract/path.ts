// Field paths: `email`, `contact.emails[0]`, `query.utm_source`, `["First Name"]`. A path that
// is itself the name of an answer (a label with spaces or dots) wins over traversal.
import type { Fields, Value } from "../parse/body.ts";
import type { Answer, Extraction } from "./types.ts";

/** One step of a path: an object key or a list index. */
export type PathSegment = string | number;

const pathCache = new Map<string, PathSegment[]>();

/** A path read step by step: its segments, and what is wrong with its spelling, if anything. */
export type ScannedPath = { segments: PathSegment[]; problem?: string };

const INDEX = /^\[(\d+)\]/;
const QUOTED = /^\["((?:[^"\\]|\\.)*)"\]/;
const NAME = /^[^.[\]]+/;

/**
 * Reads a path into segments and names the first spelling mistake (`user..phone`, `items[x]`).
 * The segments are read past a mistake, so that a path is never refused at run time: the
 * configuration is where a mistake is reported.
 */
export function scanPath(path: string): ScannedPath {
  const segments: PathSegment[] = [];
  let problem: string | undefined;
  const report = (text: string) => {
    problem ??= text;
  };
  let afterDot = false;
  let afterBracket = false;
  for (let at = 0; at < path.length; ) {
    const rest = path.slice(at);
    if (rest.startsWith(".")) {
      if (at === 0) report("starts with a dot");
      else if (afterDot) report("has two dots in a row");
      if (at === path.length - 1) report("ends with a dot");
      afterDot = true;
      afterBracket = false;
      at += 1;
      continue;
    }
    const index = INDEX.exec(rest);
    const quoted = index ? null : QUOTED.exec(rest);
    const bracket = index ?? quoted;
    if (bracket) {
      const inside = bracket[1] ?? "";
      segments.push(index ? Number(inside) : inside.replace(/\\(.)/g, "$1"));
      afterDot = false;
      afterBracket = true;
      at += bracket[0].length;
      continue;
    }
    if (rest.startsWith("[")) report('has a "[" that is not [<number>] or ["<key>"]');
    else if (rest.startsWith("]")) report('has a "]" without its "["');
    const name = NAME.exec(rest)?.[0];
    if (name === undefined) {
      at += 1;
      continue;
    }
    if (afterBracket) report(`needs a dot before "${name}"`);
    segments.push(name);
    afterDot = false;
    afterBracket = false;
    at += name.length;
  }
  return problem === undefined ? { segments } : { segments, problem };
}

/** Splits a path into segments: `a.b[0]["c d"]` becomes `["a", "b", 0, "c d"]`. */
export function parsePath(path: string): PathSegment[] {
  const cached = pathCache.get(path);
  if (cached) return cached;
  const { segments } = scanPath(path);
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
