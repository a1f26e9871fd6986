// Where a JSON text breaks, found by a small scanner that runs only after JSON.parse failed
// (the runtime's own message either lacks the position or quotes the body, which may hold
// personal data). It stops at the JSON depth limit, which the parse enforces anyway: a body may
// nest thousands of brackets within its size limit, and each level is a call here.
import { JSON_LIMITS, TOO_DEEP } from "./limits.ts";

/** A JSON syntax error's place and kind, never its text. */
export type JsonErrorLocation = { line: number; column: number; problem: string };

class Broken extends Error {
  readonly at: number;
  constructor(at: number, problem: string) {
    super(problem);
    this.at = at;
  }
}

/**
 * Scans `text` as JSON and answers where the first error is (going deeper than the depth limit
 * counts as one), or undefined when it is valid.
 */
export function locateJsonError(text: string): JsonErrorLocation | undefined {
  let i = 0;
  const space = () => {
    while (i < text.length && " \t\n\r".includes(text[i] as string)) i++;
  };
  const expectChar = (char: string, what: string) => {
    if (text[i] !== char)
      throw new Broken(i, i >= text.length ? "the JSON ends early" : `expected ${what}`);
    i++;
  };
  const string = () => {
    expectChar('"', "a string");
    while (i < text.length) {
      const char = text[i] as string;
      if (char === '"') {
        i++;
        return;
      }
      if (char === "\\") {
        const next = text[i + 1];
        if (next === "u") {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6)))
            throw new Broken(i, "invalid \\u escape");
          i += 6;
        } else if (next !== undefined && '"\\/bfnrt'.includes(next)) i += 2;
        else throw new Broken(i, "invalid escape in a string");
      } else if (char < " ") {
        throw new Broken(i, "a control character inside a string");
      } else i++;
    }
    throw new Broken(i, "a string is not closed");
  };
  const enter = (depth: number) => {
    if (depth > JSON_LIMITS.maxDepth) throw new Broken(i, TOO_DEEP);
    i++;
  };
  /** Reads one value at nesting level `depth` (1 for the whole body), as the parse counts. */
  const value = (depth: number): void => {
    space();
    const char = text[i];
    if (char === "{") {
      enter(depth);
      space();
      if (text[i] === "}") {
        i++;
        return;
      }
      for (;;) {
        space();
        string();
        space();
        expectChar(":", "':' after a key");
        value(depth + 1);
        space();
        if (text[i] === ",") i++;
        else {
          expectChar("}", "',' or '}'");
          return;
        }
      }
    }
    if (char === "[") {
      enter(depth);
      space();
      if (text[i] === "]") {
        i++;
        return;
      }
      for (;;) {
        value(depth + 1);
        space();
        if (text[i] === ",") i++;
        else {
          expectChar("]", "',' or ']'");
          return;
        }
      }
    }
    if (char === '"') {
      string();
      return;
    }
    const literal = /^(?:true|false|null|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?)/.exec(
      text.slice(i, i + 400),
    );
    if (literal) {
      i += literal[0].length;
      return;
    }
    throw new Broken(i, i >= text.length ? "the JSON ends early" : "expected a value");
  };
  try {
    value(1);
    space();
    if (i < text.length) throw new Broken(i, "unexpected text after the JSON value");
    return undefined;
  } catch (error) {
    if (!(error instanceof Broken)) throw error;
    const before = text.slice(0, error.at);
    const line = before.split("\n").length;
    return { line, column: error.at - before.lastIndexOf("\n"), problem: error.message };
  }
}
