// Configuration mistakes in words that say what to do: "is required" for a missing key, the
// allowed values of an enumerated option, and the closest known option or value to a misspelt
// one ("did you mean ...?"). zod's own messages ("Invalid input") name none of these.
import { suggestClosest } from "../closest.ts";
import type * as z from "../zod.ts";

/** One mistake, at a path inside the table that was parsed. */
export type IssueProblem = { path: string[]; problem: string };

/** The parts of a schema's definition that say where keys and values may go. */
type SchemaDef = {
  type: string;
  innerType?: Schema;
  in?: Schema;
  shape?: Record<string, Schema>;
  valueType?: Schema;
  element?: Schema;
  options?: Schema[];
  discriminator?: string;
};
// zod's schemas expose their definition as `_zod.def` (the core API library authors use).
type Schema = { _zod: { def: SchemaDef }; safeParse(data: unknown): { success: boolean } };

const WRAPPERS = new Set(["default", "optional", "nullable", "prefault", "catch", "readonly"]);

/** A schema without its default/optional wrappers and pipes, and a union's option for `value`. */
function reach(schema: Schema, value: unknown): Schema {
  let current = schema;
  for (;;) {
    const def = current._zod.def;
    if (WRAPPERS.has(def.type) && def.innerType) current = def.innerType;
    else if (def.type === "pipe" && def.in) current = def.in;
    else if (def.type === "union" && def.discriminator && def.options) {
      const key = def.discriminator;
      const tag = value !== null && typeof value === "object" ? Reflect.get(value, key) : undefined;
      const option = def.options.find(
        (candidate) => reach(candidate, undefined)._zod.def.shape?.[key]?.safeParse(tag).success,
      );
      if (!option) return current;
      current = option;
    } else return current;
  }
}

/** The option names a table at `path` may hold (for a union, those of the option `type` picks). */
export function knownKeysAt(
  schema: z.core.$ZodType,
  path: PropertyKey[],
  input: unknown,
): string[] {
  let current = schema as unknown as Schema;
  let value = input;
  for (const step of path) {
    const def = reach(current, value)._zod.def;
    const next =
      def.type === "object"
        ? def.shape?.[String(step)]
        : def.type === "record"
          ? def.valueType
          : def.type === "array"
            ? def.element
            : undefined;
    if (next === undefined) return [];
    current = next;
    value = value !== null && typeof value === "object" ? Reflect.get(value, step) : undefined;
  }
  const shape = reach(current, value)._zod.def.shape;
  return shape ? Object.keys(shape) : [];
}

function valueAt(input: unknown, path: PropertyKey[]): unknown {
  let value = input;
  for (const step of path) {
    if (value === null || typeof value !== "object") return undefined;
    value = Reflect.get(value, step);
  }
  return value;
}

/** A value as a configuration shows it, cut short. */
function show(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

const KINDS: Record<string, string> = {
  string: "text in quotes",
  number: "a number",
  boolean: "true or false",
  object: "a table",
  array: "a list",
};

function kindOf(value: unknown): string {
  if (Array.isArray(value)) return KINDS.array ?? "a list";
  return KINDS[typeof value] ?? typeof value;
}

/** "is required: one of ..." or `"x" is not one of ...; did you mean "y"?`. */
function describeChoice(value: unknown, allowed: readonly unknown[]): string {
  const names = allowed.map(String);
  const list = names.map((name) => `"${name}"`).join(", ");
  if (value === undefined) return `is required: one of ${list}`;
  const closest = typeof value === "string" ? suggestClosest(value, names) : "";
  return `${show(value)} is not one of ${list}${closest}`;
}

/**
 * The problems of a failed parse of `input` with `schema`, each at its path.
 *
 * @example
 * describeIssues(SourceConfig.safeParse(table).error, table, SourceConfig)
 * // => [{ path: ["defualt_country"], problem: 'is not a known option; did you mean "default_country"?' }]
 */
export function describeIssues(
  error: z.core.$ZodError,
  input: unknown,
  schema: z.core.$ZodType,
): IssueProblem[] {
  return error.issues.flatMap((issue): IssueProblem[] => {
    const path = issue.path.map(String);
    const value = valueAt(input, issue.path);
    switch (issue.code) {
      case "unrecognized_keys": {
        const known = knownKeysAt(schema, issue.path, input);
        return issue.keys.map((key) => ({
          path: [...path, key],
          problem: `is not a known option${suggestClosest(key, known)}`,
        }));
      }
      case "invalid_value":
        return [{ path, problem: describeChoice(value, issue.values) }];
      case "invalid_union": {
        // A discriminated union (auth's `type`) lists the values that pick an option.
        const options = (issue as { options?: unknown[] }).options;
        if (options) return [{ path, problem: describeChoice(value, options) }];
        return [{ path, problem: value === undefined ? "is required" : issue.message }];
      }
      case "invalid_type": {
        if (value === undefined) return [{ path, problem: "is required" }];
        const expected = KINDS[issue.expected] ?? issue.expected;
        return [{ path, problem: `must be ${expected}, not ${kindOf(value)}` }];
      }
      default:
        return [{ path, problem: issue.message }];
    }
  });
}
