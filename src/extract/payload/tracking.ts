// UTM tracking parameters among a sender's hidden fields or variables.
import type { Value } from "../../parse/body.ts";
import { isUtmName } from "../names.ts";
import { textOf } from "./read.ts";

/** Splits `name: value` pairs into UTM tracking parameters and the others. */
export function splitTracking(entries: Iterable<readonly [string, Value]>): {
  tracking: Record<string, string>;
  others: [string, Value][];
} {
  const tracking = Object.create(null) as Record<string, string>;
  const others: [string, Value][] = [];
  for (const [name, value] of entries) {
    const text = textOf(value);
    if (isUtmName(name)) {
      if (text !== undefined && !Object.hasOwn(tracking, name)) tracking[name] = text;
    } else {
      others.push([name, value]);
    }
  }
  return { tracking, others };
}
