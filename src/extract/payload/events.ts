// A sender's events: the 422 for a body that is not the sender's shape (naming the missing
// field), the answer-less extraction of an event that is not a submission, and its dedupe key.
import { BridgeError } from "../../errors.ts";
import type { Fields } from "../../parse/body.ts";
import type { Extraction } from "../types.ts";

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
