// A sender's events: the 422 for a body that is not the sender's shape (naming the missing
// field), the answer-less extraction of an event that is not a submission, and its dedupe key.
import { BridgeError } from "../../errors.ts";
import type { Fields, Payload, Value } from "../../parse/body.ts";
import type { Extraction } from "../types.ts";
import { fieldsOf, isFields, textAt } from "./read.ts";

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

/** A sender's event: its body, its type, and the document's first entries. */
export type SenderEvent = { body: Value; eventType: string | undefined; document: Fields };

/**
 * Reads the event a sender's body announces: its type under `typeKey`, and the document (what
 * `fields` paths read) begun with the event's id under `idKey` (when the sender has one), its
 * type and the query string; the preset adds its own parts.
 */
export function readEvent(payload: Payload, typeKey: string, idKey?: string): SenderEvent {
  const { body } = payload;
  const eventType = textAt(body, typeKey);
  const id: [string, Value][] =
    idKey === undefined ? [] : [[idKey, isFields(body) ? (body[idKey] ?? null) : null]];
  const document = fieldsOf([...id, [typeKey, eventType ?? null], ["query", payload.query]]);
  return { body, eventType, document };
}
