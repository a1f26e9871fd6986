// The `calendly` preset: Calendly's webhook (`invitee.created`). The invitee in `payload` is the
// person: name, email, the SMS reminder number, time zone, the booking questions' answers and
// the UTM `tracking` of the booking link; the scheduled event goes first in the note
// (https://developer.calendly.com/api-docs/, "Webhook payload" and the Invitee resource).

import { eventIdFor, readEvent, withoutAnswers } from "../../extract/payload/events.ts";
import { describeMeeting, meetingOf } from "../../extract/payload/meeting.ts";
import { kindFromQuestion } from "../../extract/payload/question-kinds.ts";
import {
  entriesOf,
  fieldsAt,
  fieldsOf,
  isFields,
  listAt,
  textAt,
} from "../../extract/payload/read.ts";
import { splitTracking } from "../../extract/payload/tracking.ts";
import type { Answer, AnswerKind, Preset } from "../../extract/types.ts";
import type { Fields } from "../../parse/body.ts";

const SUBMISSION_EVENTS = ["invitee.created"];

// The invitee's own fields, in the order a reader expects them.
const INVITEE_FIELDS: readonly [key: string, label: string, kind: AnswerKind][] = [
  ["name", "Name", "name"],
  ["first_name", "First name", "first_name"],
  ["last_name", "Last name", "last_name"],
  ["email", "Email", "email"],
  ["text_reminder_number", "Text reminder number", "phone"],
  ["timezone", "Time zone", "timezone"],
];

function readInvitee(invitee: Fields): Answer[] {
  const answers: Answer[] = [];
  for (const [key, label, kind] of INVITEE_FIELDS) {
    const value = textAt(invitee, key);
    if (value !== undefined) answers.push({ key, label, value, kind });
  }
  for (const item of listAt(invitee, "questions_and_answers") ?? []) {
    const question = textAt(item, "question");
    const answer = isFields(item) ? item.answer : undefined;
    if (question === undefined || answer === undefined) continue;
    const kind = kindFromQuestion(question) ?? "text";
    answers.push({ key: question, label: question, value: answer, kind });
  }
  return answers;
}

/** `Booked: 15 Minute Meeting on 2026-...Z`, from the invitee's scheduled event. */
function bookingLines(invitee: Fields): string[] {
  const event = fieldsAt(invitee, "scheduled_event");
  const name = textAt(event, "name");
  const start = textAt(event, "start_time");
  if (name === undefined && start === undefined) return [];
  return [`Booked: ${describeMeeting(name, start)}`];
}

/** Calendly's invitee webhook: the invitee, their answers, UTM tracking, the booking. */
export const calendlyPreset: Preset = {
  name: "calendly",
  contactHint:
    "the invitee's email (payload.email), SMS reminder number (text_reminder_number) or a question titled Phone",
  submissionEvents: SUBMISSION_EVENTS,
  extract(payload) {
    const { body, eventType, document } = readEvent(payload, "event");
    const invitee = fieldsAt(body, "payload");
    if (invitee === undefined) {
      return withoutAnswers(eventType, SUBMISSION_EVENTS, document, {
        provider: "Calendly",
        field: "payload",
        problem: "is missing: a Calendly invitee.created event has the invitee in payload",
      });
    }
    const trackingFields = fieldsAt(invitee, "tracking") ?? fieldsOf([]);
    const { tracking } = splitTracking(entriesOf(trackingFields));
    document.payload = invitee;
    document.tracking = trackingFields;
    // Also as `hidden`, the path Typeform's and Tally's hidden UTM fields take: one mapping
    // (`hidden.utm_source`) reads the campaign whichever of them the person came through.
    document.hidden = trackingFields;
    document.scheduled_event = fieldsAt(invitee, "scheduled_event") ?? null;
    return {
      answers: readInvitee(invitee),
      document,
      eventId: eventIdFor(textAt(invitee, "uri"), eventType, SUBMISSION_EVENTS),
      eventType,
      noteLines: bookingLines(invitee),
      tracking,
      meeting: meetingOf(
        textAt(fieldsAt(invitee, "scheduled_event"), "name"),
        textAt(fieldsAt(invitee, "scheduled_event"), "start_time"),
        textAt(fieldsAt(invitee, "scheduled_event"), "end_time"),
      ),
    };
  },
};
