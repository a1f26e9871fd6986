// Safe reads of a sender's parsed payload for the provider presets. A sender can post anything,
// so every read checks the shape, and lookups keyed by sender text go through `Map`s (never a
// plain object, where `constructor` would be found).
import { emptyFields, type Fields, type Value } from "../../parse/body.ts";

/** Whether a value is a JSON object (not a list, not null). */
export function isFields(value: Value | undefined): value is Fields {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** The object under `key`, if that is an object. */
export function fieldsAt(value: Value | undefined, key: string): Fields | undefined {
  if (!isFields(value)) return undefined;
  const item = value[key];
  return isFields(item) ? item : undefined;
}

/** The list under `key`, if that is a list. */
export function listAt(value: Value | undefined, key: string): Value[] | undefined {
  if (!isFields(value)) return undefined;
  const item = value[key];
  return Array.isArray(item) ? item : undefined;
}

/** The text under `key` (a number is read as its digits), if it is non-empty text. */
export function textAt(value: Value | undefined, key: string): string | undefined {
  if (!isFields(value)) return undefined;
  return textOf(value[key]);
}

/** A value as non-empty text: strings trimmed, numbers as digits; anything else undefined. */
export function textOf(value: Value | undefined): string | undefined {
  if (typeof value === "number" && Number.isFinite(value)) return String(value);
  if (typeof value !== "string") return undefined;
  const trimmed = value.trim();
  return trimmed === "" ? undefined : trimmed;
}

/**
 * An object's own entries, in `Object.entries` order. On the objects parsing makes (without a
 * prototype, so `in` finds only their own keys) workerd's `Object.entries` costs about 2.5
 * times this loop.
 */
export function entriesOf(fields: Fields): [string, Value][] {
  const entries: [string, Value][] = [];
  for (const key in fields) entries.push([key, fields[key] as Value]);
  return entries;
}

/**
 * The object with each `{ value, ... }` wrapper replaced by its value (a wrapper without one
 * by null), as senders that wrap every field send them (`{ company: { value: "X" } }`).
 */
export function unwrapValues(fields: Fields): Fields {
  const values = emptyFields();
  for (const key in fields) {
    const item = fields[key] as Value;
    values[key] = isFields(item) ? (item.value ?? null) : item;
  }
  return values;
}

/** Builds a prototype-free object from entries (later entries do not overwrite earlier ones). */
export function fieldsOf(entries: Iterable<readonly [string, Value]>): Fields {
  const fields = emptyFields();
  for (const [key, value] of entries) if (!Object.hasOwn(fields, key)) fields[key] = value;
  return fields;
}
