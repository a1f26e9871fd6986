// The `tally` preset: a Tally webhook event. `data.fields` are answers keyed by their field key and
// labelled by the question; the field `type` says what each holds and choice values are option
// ids read through `options` (https://tally.so/help/webhooks, "Example webhook event").

import { readEvent, withoutAnswers } from "../../extract/payload/events.ts";
import { fileUrls } from "../../extract/payload/files.ts";
import { kindFromQuestion } from "../../extract/payload/question-kinds.ts";
import {
  entriesOf,
  fieldsAt,
  fieldsOf,
  isFields,
  listAt,
  textAt,
  textOf,
} from "../../extract/payload/read.ts";
import { splitTracking } from "../../extract/payload/tracking.ts";
import type { Answer, AnswerKind, Preset } from "../../extract/types.ts";
import type { Fields, Value } from "../../parse/body.ts";

const SUBMISSION_EVENTS = ["FORM_RESPONSE"];

const KIND_BY_TYPE: ReadonlyMap<string, AnswerKind> = new Map([
  ["INPUT_EMAIL", "email"],
  ["INPUT_PHONE_NUMBER", "phone"],
  ["INPUT_LINK", "url"],
  ["INPUT_TEXT", "text"],
  ["TEXTAREA", "long_text"],
  ["INPUT_NUMBER", "number"],
  ["RATING", "number"],
  ["LINEAR_SCALE", "number"],
  ["INPUT_DATE", "date"],
  ["MULTIPLE_CHOICE", "choice"],
  ["CHECKBOXES", "choice"],
  ["DROPDOWN", "choice"],
  ["MULTI_SELECT", "choice"],
  ["RANKING", "choice"],
  ["CHECKBOX", "boolean"],
  ["FILE_UPLOAD", "file"],
  ["SIGNATURE", "file"],
]);

// Choice values are option ids; these types list their options beside the value.
const OPTION_TYPES = new Set([
  "MULTIPLE_CHOICE",
  "CHECKBOXES",
  "DROPDOWN",
  "MULTI_SELECT",
  "RANKING",
]);

/** Option ids and matrix row/column ids to their text. */
function optionTexts(field: Fields, listName: string): Map<string, string> {
  const texts = new Map<string, string>();
  for (const option of listAt(field, listName) ?? []) {
    const id = textAt(option, "id");
    const text = textAt(option, "text");
    if (id !== undefined && text !== undefined) texts.set(id, text);
  }
  return texts;
}

function choiceLabels(value: Value, options: Map<string, string>): string[] {
  const ids = Array.isArray(value) ? value : [value];
  return ids.flatMap((id) => {
    const text = textOf(id);
    return text === undefined ? [] : [options.get(text) ?? text];
  });
}

/** A matrix answer (`{ rowId: [columnId] }`) as `Row: Column` text. */
function matrixText(field: Fields, value: Value): string | undefined {
  if (!isFields(value)) return undefined;
  const rows = optionTexts(field, "rows");
  const columns = optionTexts(field, "columns");
  const lines = entriesOf(value).map(([rowId, picked]) => {
    const labels = choiceLabels(picked, columns);
    return `${rows.get(rowId) ?? rowId}: ${labels.join(", ")}`;
  });
  return lines.join("; ");
}

/** A payment's name and email are the payer's: read as the person's when nothing else says. */
function paymentKind(key: string): AnswerKind {
  if (key.endsWith("_name")) return "name";
  if (key.endsWith("_email")) return "email";
  return "other";
}

function answerOf(field: Fields, type: string, key: string, label: string): Answer | undefined {
  const value = field.value;
  if (value === undefined) return undefined;
  if (OPTION_TYPES.has(type)) {
    return {
      key,
      label,
      value: choiceLabels(value, optionTexts(field, "options")),
      kind: "choice",
    };
  }
  if (type === "FILE_UPLOAD" || type === "SIGNATURE") {
    return { key, label, value: fileUrls(value), kind: "file" };
  }
  if (type === "MATRIX")
    return { key, label, value: matrixText(field, value) ?? null, kind: "other" };
  if (type === "PAYMENT") return { key, label, value, kind: paymentKind(key) };
  if (isFields(value)) return undefined;
  const kind = KIND_BY_TYPE.get(type) ?? "other";
  return { key, label, value, kind: kind === "text" ? (kindFromQuestion(label) ?? kind) : kind };
}

/** Tally's webhook event: `data.fields` by key and label, typed by `INPUT_EMAIL`, ... */
export const tallyPreset: Preset = {
  name: "tally",
  contactHint:
    "a field of type INPUT_EMAIL or INPUT_PHONE_NUMBER, or a field labelled Email/Phone (data.fields)",
  submissionEvents: SUBMISSION_EVENTS,
  extract(payload) {
    const { body, eventType, document } = readEvent(payload, "eventType", "eventId");
    const data = fieldsAt(body, "data");
    const fields = listAt(data, "fields");
    if (data === undefined || fields === undefined) {
      return withoutAnswers(eventType, SUBMISSION_EVENTS, document, {
        provider: "Tally",
        field: "data.fields",
        problem: "is missing: a Tally FORM_RESPONSE event has the answers in data.fields",
      });
    }
    const answers: Answer[] = [];
    const hidden: [string, Value][] = [];
    const calculated: [string, Value][] = [];
    const optionChecks: [string, Value][] = [];
    for (const field of fields) {
      if (!isFields(field)) continue;
      const key = textAt(field, "key");
      const type = textAt(field, "type") ?? "";
      if (key === undefined) continue;
      const label = textAt(field, "label") ?? key;
      const value = field.value ?? null;
      if (type === "HIDDEN_FIELDS") hidden.push([label, value]);
      else if (type === "CALCULATED_FIELDS") calculated.push([label, value]);
      // Tally repeats each checkbox option as its own yes/no field ("Checkboxes (Soccer)"):
      // the list field already says which were ticked, so these stay out of the note.
      else if (type === "CHECKBOXES" && typeof value === "boolean")
        optionChecks.push([label, value]);
      else {
        const answer = answerOf(field, type, key, label);
        if (answer) answers.push(answer);
      }
    }
    const { tracking, others } = splitTracking(hidden);
    for (const [name, value] of others) {
      answers.push({ key: `hidden.${name}`, label: name, value, kind: "hidden" });
    }
    document.data = data;
    document.hidden = fieldsOf(hidden);
    document.calculated = fieldsOf(calculated);
    for (const [label, value] of optionChecks) {
      if (!Object.hasOwn(document, label)) document[label] = value;
    }
    const formName = textAt(data, "formName");
    return {
      answers,
      document,
      eventId: textAt(body, "eventId") ?? textAt(data, "submissionId"),
      eventType,
      noteLines: formName ? [`Form: ${formName}`] : [],
      tracking,
    };
  },
};
