// The `hubspot` preset: a HubSpot workflow's "Send a webhook" action. The body is the enrolled
// record: with "include all properties" the legacy contact JSON (`properties.email.value`), the
// CRM v3 shape (`properties.email`), or, with a customized body, the chosen properties flat
// (https://knowledge.hubspot.com/workflows/how-do-i-use-webhooks-with-hubspot-workflows).

import { notSenderShape } from "../../extract/payload/events.ts";
import {
  entriesOf,
  fieldsAt,
  fieldsOf,
  isFields,
  textAt,
  textOf,
  unwrapValues,
} from "../../extract/payload/read.ts";
import type { Answer, AnswerKind, Preset } from "../../extract/types.ts";
import type { Fields, Value } from "../../parse/body.ts";

const KIND_BY_PROPERTY: ReadonlyMap<string, AnswerKind> = new Map([
  ["email", "email"],
  ["work_email", "email"],
  ["firstname", "first_name"],
  ["lastname", "last_name"],
  ["phone", "phone"],
  ["mobilephone", "phone"],
  ["company", "company"],
  ["jobtitle", "title"],
  ["website", "url"],
  ["message", "long_text"],
]);

// HubSpot's bookkeeping properties: kept reachable as `properties.<name>`, left out of the note.
const BOOKKEEPING = new Set(["createdate", "lastmodifieddate", "lifecyclestage", "closedate"]);
const BOOKKEEPING_PREFIXES = [
  "hs_",
  "hubspot_",
  "ip_",
  "num_",
  "notes_",
  "associatedcompany",
  "first_conversion",
  "recent_conversion",
  "currentlyin",
];

function isBookkeeping(name: string): boolean {
  return BOOKKEEPING.has(name) || BOOKKEEPING_PREFIXES.some((prefix) => name.startsWith(prefix));
}

const DAY_MS = 86_400_000;
const YEAR_2100_MS = Date.UTC(2100, 0, 1);

/**
 * A property value as what it means. HubSpot sends every value as text in its own encoding
 * (https://developers.hubspot.com/docs/api/faq, timestamps and checkbox properties): a date
 * property as the epoch milliseconds of its midnight UTC, a single checkbox as `true`/`false`,
 * a multiple checkboxes property as its options joined by `;`.
 *
 * @example
 * readPropertyValue("1773964800000") // => { value: "2026-03-20", kind: "date" }
 * readPropertyValue("Calling;Reporting") // => { value: ["Calling", "Reporting"], kind: "choice" }
 */
export function readPropertyValue(value: Value): { value: Value; kind: AnswerKind } {
  if (typeof value !== "string") return { value, kind: "text" };
  if (value === "true" || value === "false") return { value: value === "true", kind: "boolean" };
  if (/^\d{11,13}$/.test(value)) {
    const ms = Number(value);
    // A whole day before 2100 is a date property; any other number stays a number.
    if (ms % DAY_MS === 0 && ms < YEAR_2100_MS) {
      return { value: new Date(ms).toISOString().slice(0, 10), kind: "date" };
    }
  }
  if (/^-?\d+(?:\.\d+)?$/.test(value)) return { value, kind: "number" };
  const options = value.split(";");
  // Options joined by a bare `;`: text with "; " or a line break is a sentence, not options.
  if (options.length > 1 && !/;\s|\s;|\n/.test(value) && options.every((o) => o !== "")) {
    return { value: options, kind: "choice" };
  }
  return { value, kind: "text" };
}

/** The record's properties as `{ name: value }`, unwrapping the legacy `{ value, versions }`. */
function readProperties(body: Fields): Fields {
  const properties = fieldsAt(body, "properties") ?? body;
  return unwrapValues(properties);
}

/**
 * The record's id, with its last modification when HubSpot sends it: a retry repeats both, while
 * the same contact enrolled again after a change is a new submission.
 */
function readEventId(body: Fields, properties: Fields): string | undefined {
  const id =
    textOf(properties.hs_object_id) ??
    textAt(body, "canonical-vid") ??
    textAt(body, "vid") ??
    textAt(body, "id");
  if (id === undefined) return undefined;
  const modified = textOf(properties.lastmodifieddate);
  return modified === undefined ? id : `${id}@${modified}`;
}

/** HubSpot workflow webhooks: the record's properties, the object id as the event id. */
export const hubspotPreset: Preset = {
  name: "hubspot",
  contactHint: "the email, phone or mobilephone property",
  extract(payload) {
    const { body } = payload;
    if (!isFields(body)) {
      throw notSenderShape(
        "HubSpot",
        "properties",
        "is missing: a HubSpot workflow webhook sends the record's properties as a JSON object",
      );
    }
    const properties = readProperties(body);
    const answers: Answer[] = [];
    for (const [name, value] of entriesOf(properties)) {
      if (isBookkeeping(name) || isFields(value)) continue;
      const kind = KIND_BY_PROPERTY.get(name);
      answers.push(
        kind
          ? { key: name, label: name, value, kind }
          : { key: name, label: name, ...readPropertyValue(value) },
      );
    }
    const document = fieldsOf([
      ["properties", properties],
      ["body", body],
      ["query", payload.query],
    ]);
    const eventId = readEventId(body, properties);
    return { answers, document, ...(eventId ? { eventId } : {}) };
  },
};
