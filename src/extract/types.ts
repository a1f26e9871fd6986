// The extract stage's shapes: what every preset makes of a sender's payload.
import type { Fields, Payload, Value } from "../parse/body.ts";

/** What an answer holds, when the sender says (Typeform's `email`, Tally's `INPUT_PHONE_NUMBER`). */
export type AnswerKind =
  | "email"
  | "phone"
  | "url"
  | "name"
  | "first_name"
  | "last_name"
  | "company"
  | "title"
  | "timezone"
  | "text"
  | "long_text"
  | "choice"
  | "number"
  | "date"
  | "boolean"
  | "file"
  | "hidden"
  | "other";

/** One named answer of a submission. */
export type Answer = {
  /** The stable name: a form field's name, Typeform's `ref`, a JSON path. */
  key: string;
  /** The human name: a question's title or a field's label (the key when there is none). */
  label: string;
  value: Value;
  kind?: AnswerKind;
};

/** What a preset makes of a payload: flat named answers plus where paths can reach. */
export type Extraction = {
  /** Every answer, in the sender's order: for recognising fields and writing the note. */
  answers: Answer[];
  /** What mapping paths resolve against besides answers: `query`, `hidden`, the raw body... */
  document: Fields;
  /** The sender's id of this delivery, used to recognise a redelivery. */
  eventId?: string;
  /** The sender's event type (`invitee.created`, `BOOKING_CREATED`, ...). */
  eventType?: string;
  /** Lines the preset adds to the note (a booking's event name and time, ...). */
  noteLines?: string[];
  /** Tracking parameters (utm_*) the sender reported outside the answers (prototype-free: `splitTracking`). */
  tracking?: Record<string, string>;
  /** A scheduler's booked meeting: its title and start and end (ISO 8601, as the sender wrote them). */
  meeting?: { title?: string; start?: string; end?: string };
};

/** What a preset can read besides the parsed body. */
export type ExtractContext = { headers: Headers };

/** A sender's payload format: a generic one in presets/ or a provider's, registered in providers/registry.ts. */
export type Preset = {
  /** The name a source's `preset` gives, the preset's key in the registry. */
  name: string;
  /** Request headers `extract` reads besides the body (lower-case): kept for a replay too. */
  headers?: readonly string[];
  /** Turns the parsed payload into answers. Throws `BridgeError("unmappable")` on a foreign shape. */
  extract(payload: Payload, context: ExtractContext): Extraction;
  /** The event types that create contacts; undefined when the sender has none. */
  submissionEvents?: readonly string[];
  /** Where this sender's email and phone usually are, for a 422 that helps. */
  contactHint: string;
};
