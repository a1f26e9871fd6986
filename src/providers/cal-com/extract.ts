// The `cal_com` preset: Cal.com's booking webhook (`BOOKING_CREATED`). The first attendee is the
// person who booked; `responses` are the booking form's answers `{ label, value }` by field name;
// the booking's title and time go first in the note
// (https://cal.com/docs/developing/guides/automation/webhooks, "An example webhook payload").

import { eventIdFor, readEvent, withoutAnswers } from "../../extract/payload/events.ts";
import { humanizeLabel } from "../../extract/payload/labels.ts";
import { describeMeeting, meetingOf } from "../../extract/payload/meeting.ts";
import { kindFromQuestion } from "../../extract/payload/question-kinds.ts";
import {
  entriesOf,
  fieldsAt,
  fieldsOf,
  isFields,
  listAt,
  textAt,
  unwrapValues,
} from "../../extract/payload/read.ts";
import type { Answer, AnswerKind, Preset } from "../../extract/types.ts";
import type { Fields } from "../../parse/body.ts";

const SUBMISSION_EVENTS = ["BOOKING_CREATED"];

// Booking form fields that repeat the attendee (read from `attendees[0]`) or describe the
// meeting rather than the person: reachable as `responses.<name>`, left out of the answers.
const REPEATING_ATTENDEE = new Set(["name", "email", "location"]);
const ABOUT_THE_MEETING = new Set(["location"]);

const KIND_BY_RESPONSE: ReadonlyMap<string, AnswerKind> = new Map([
  ["attendeePhoneNumber", "phone"],
  ["notes", "long_text"],
  ["guests", "other"],
  ["rescheduleReason", "other"],
]);

function readAttendee(attendee: Fields | undefined): Answer[] {
  const fields: [key: string, label: string, kind: AnswerKind][] = [
    ["name", "Name", "name"],
    ["email", "Email", "email"],
    ["phoneNumber", "Phone", "phone"],
    ["timeZone", "Time zone", "timezone"],
  ];
  return fields.flatMap(([key, label, kind]) => {
    const value = textAt(attendee, key);
    return value === undefined ? [] : [{ key: `attendee.${key}`, label, value, kind }];
  });
}

function readResponses(responses: Fields, skipped: ReadonlySet<string>): Answer[] {
  const answers: Answer[] = [];
  for (const [name, response] of entriesOf(responses)) {
    if (skipped.has(name) || !isFields(response)) continue;
    const value = response.value;
    if (value === undefined || isFields(value)) continue;
    const label = humanizeLabel(textAt(response, "label") ?? name);
    const kind = KIND_BY_RESPONSE.get(name) ?? kindFromQuestion(label) ?? "text";
    answers.push({ key: name, label, value, kind });
  }
  return answers;
}

/** `responses` as `{ name: value }`, so that `fields` can say `responses.company`. */
function responseValues(responses: Fields): Fields {
  return unwrapValues(responses);
}

/** Cal.com's booking webhook: the first attendee, the booking form's responses, the booking. */
export const calComPreset: Preset = {
  name: "cal_com",
  contactHint:
    "the first attendee's email (payload.attendees[0].email) or a phone response (responses.attendeePhoneNumber)",
  submissionEvents: SUBMISSION_EVENTS,
  extract(payload) {
    const { body, eventType, document } = readEvent(payload, "triggerEvent");
    const booking = fieldsAt(body, "payload");
    const attendees = listAt(booking, "attendees");
    if (booking === undefined || attendees === undefined) {
      return withoutAnswers(eventType, SUBMISSION_EVENTS, document, {
        provider: "Cal.com",
        field: "payload.attendees",
        problem: "is missing: a Cal.com BOOKING_CREATED event has the person in payload.attendees",
      });
    }
    const attendee = isFields(attendees[0]) ? attendees[0] : undefined;
    const responses = fieldsAt(booking, "responses") ?? fieldsOf([]);
    document.payload = booking;
    document.attendee = attendee ?? null;
    document.organizer = fieldsAt(booking, "organizer") ?? null;
    document.responses = responseValues(responses);
    const title = textAt(booking, "title");
    const start = textAt(booking, "startTime");
    const booked = describeMeeting(title, start);
    return {
      answers: [
        ...readAttendee(attendee),
        ...readResponses(responses, attendee ? REPEATING_ATTENDEE : ABOUT_THE_MEETING),
      ],
      document,
      eventId: eventIdFor(textAt(booking, "uid"), eventType, SUBMISSION_EVENTS),
      eventType,
      noteLines: booked ? [`Booked: ${booked}`] : [],
      meeting: meetingOf(title, start, textAt(booking, "endTime")),
    };
  },
};
