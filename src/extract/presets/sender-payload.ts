// Safe reads of a sender's parsed payload for the provider presets. A sender can post anything,
// so every read checks the shape, lookups keyed by sender text go through `Map`s (never a plain
// object, where `constructor` would be found), and a foreign shape becomes a 422 naming the field.
import { BridgeError } from "../../errors.ts";
import { emptyFields, type Fields, type Value } from "../../parse/body.ts";
import { isUtmName, normalizeName, RECOGNISED_NAMES, type Target } from "../names.ts";
import type { AnswerKind, Extraction } from "../types.ts";

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

/** Builds a prototype-free object from entries (later entries do not overwrite earlier ones). */
export function fieldsOf(entries: Iterable<readonly [string, Value]>): Fields {
  const fields = emptyFields();
  for (const [key, value] of entries) if (!Object.hasOwn(fields, key)) fields[key] = value;
  return fields;
}

/** The 422 for a body that is not this sender's shape: it names the field that is missing. */
export function notSenderShape(provider: string, field: string, problem: string): BridgeError {
  return new BridgeError("unmappable", `The body is not a ${provider} delivery.`, {
    details: [{ field, problem }],
  });
}

/** Where a sender's submission event holds its answers, for the 422 when they are missing. */
export interface AnswersPlace {
  provider: string;
  field: string;
  problem: string;
}

/**
 * A payload without the part that holds the answers. For an event that carries no submission
 * (a cancellation, a test ping) that is expected: an extraction with no answers, which the
 * pipeline answers `ignored` unless the source's `events` asks for it. For a submission event,
 * or a body with no event type, it is not the sender's shape: 422.
 */
export function withoutAnswers(
  eventType: string | undefined,
  submissionEvents: readonly string[],
  document: Fields,
  place: AnswersPlace,
): Extraction {
  if (eventType !== undefined && !submissionEvents.includes(eventType)) {
    return { answers: [], document, eventType };
  }
  throw notSenderShape(place.provider, place.field, place.problem);
}

/**
 * The dedupe key of an event: the sender's id for a submission event, prefixed with the event
 * type for any other, since a cancellation carries the id of the booking it cancels.
 */
export function eventIdFor(
  id: string | undefined,
  eventType: string | undefined,
  submissionEvents: readonly string[],
): string | undefined {
  if (id === undefined || eventType === undefined || submissionEvents.includes(eventType))
    return id;
  return `${eventType}:${id}`;
}

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

// The recognised names of the contact fields an answer kind can say (`note` is not a kind).
const KIND_BY_NAME: ReadonlyMap<string, AnswerKind> = new Map(
  (Object.entries(RECOGNISED_NAMES) as [Target, readonly string[]][])
    .filter(([target]) => target !== "note")
    .flatMap(([target, names]) => names.map((name) => [name, target as AnswerKind] as const)),
);

// Question phrasing around a field's name: "What is your first name?", "Please enter your email".
const QUESTION_LEAD =
  /^(?:(?:what(?:'|’)?s|what is|please (?:enter|give|share|provide)|enter|provide|share)\s+)?(?:your\s+)?/i;

/**
 * The contact field a free-text question asks for, read from its wording.
 *
 * @example
 * kindFromQuestion("What is your first name?") // => "first_name"
 * kindFromQuestion("Your e-mail") // => "email"
 * kindFromQuestion("Tell us about your project") // => undefined
 */
export function kindFromQuestion(question: string): AnswerKind | undefined {
  const core = question
    .trim()
    .replace(/[\s?:*!.]+$/u, "")
    .replace(QUESTION_LEAD, "");
  return KIND_BY_NAME.get(normalizeName(core));
}

/** A machine label (`additional_notes`) as words (`Additional notes`); other text as it is. */
export function humanizeLabel(label: string): string {
  if (!/^[a-z0-9]+(?:_[a-z0-9]+)+$/.test(label)) return label;
  const words = label.replace(/_/g, " ");
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** File upload values as their URLs: a URL, a list of URLs, or objects with a `url`. */
export function fileUrls(value: Value | undefined): string[] {
  const items = Array.isArray(value) ? value : [value];
  return items.flatMap((item) => {
    const url = typeof item === "string" ? textOf(item) : textAt(item, "url");
    return url === undefined ? [] : [url];
  });
}
