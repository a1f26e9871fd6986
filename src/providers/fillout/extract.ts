// The `fillout` preset: a Fillout submission webhook, in the shape of a submission of Fillout's
// REST API: `questions[]` with `{id, name, type, value}` and `urlParameters[]`
// (https://www.fillout.com/help/fillout-rest-api, "Get all submissions"; the webhook "will receive
// submissions in the same format"). A body wrapping it as `{ formId, formName, submission }` is read too.

import { notSenderShape } from "../../extract/payload/events.ts";
import { fileUrls } from "../../extract/payload/files.ts";
import { kindFromQuestion } from "../../extract/payload/question-kinds.ts";
import {
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

const KIND_BY_TYPE: ReadonlyMap<string, AnswerKind> = new Map([
  ["EmailInput", "email"],
  ["PhoneNumber", "phone"],
  ["URLInput", "url"],
  ["ShortAnswer", "text"],
  ["LongAnswer", "long_text"],
  ["NumberInput", "number"],
  ["CurrencyInput", "number"],
  ["Rating", "number"],
  ["OpinionScale", "number"],
  ["Slider", "number"],
  ["MultipleChoice", "choice"],
  ["Dropdown", "choice"],
  ["Checkboxes", "choice"],
  ["MultiSelect", "choice"],
  ["PictureChoice", "choice"],
  ["Ranking", "choice"],
  ["DatePicker", "date"],
  ["DateTimePicker", "date"],
  ["DateRange", "date"],
  ["TimePicker", "date"],
  ["Checkbox", "boolean"],
  ["Switch", "boolean"],
  ["FileUpload", "file"],
  ["Signature", "file"],
]);

/** A question's value for the note: files as URLs, objects (an address) as one line. */
function questionValue(kind: AnswerKind, value: Value): Value {
  if (kind === "file") return fileUrls(value);
  if (!isFields(value)) return value;
  return Object.values(value)
    .flatMap((part) => textOf(part) ?? [])
    .join(", ");
}

function readQuestions(submission: Fields): Answer[] {
  const answers: Answer[] = [];
  for (const question of listAt(submission, "questions") ?? []) {
    if (!isFields(question)) continue;
    const key = textAt(question, "id");
    if (key === undefined || question.value === undefined) continue;
    const label = textAt(question, "name") ?? key;
    const typed = KIND_BY_TYPE.get(textAt(question, "type") ?? "") ?? "other";
    const kind = typed === "text" ? (kindFromQuestion(label) ?? typed) : typed;
    answers.push({ key, label, value: questionValue(kind, question.value), kind });
  }
  return answers;
}

/** `[{ name, value }]` lists (URL parameters, calculations) as `name`/`value` pairs. */
function namedValues(submission: Fields, listName: string): [string, Value][] {
  return (listAt(submission, listName) ?? []).flatMap((item) => {
    const name = textAt(item, "name");
    return name !== undefined && isFields(item)
      ? [[name, item.value ?? null] as [string, Value]]
      : [];
  });
}

/** Fillout's submission webhook: questions by id and name, URL parameters as hidden fields. */
export const filloutPreset: Preset = {
  name: "fillout",
  contactHint: "a question of type EmailInput or PhoneNumber, or named Email/Phone (questions)",
  extract(payload) {
    const { body } = payload;
    const submission = fieldsAt(body, "submission") ?? (isFields(body) ? body : undefined);
    if (submission === undefined || listAt(submission, "questions") === undefined) {
      throw notSenderShape(
        "Fillout",
        "questions",
        "is missing: a Fillout submission has the answers in questions (or submission.questions)",
      );
    }
    const answers = readQuestions(submission);
    const urlParameters = namedValues(submission, "urlParameters");
    const { tracking, others } = splitTracking(urlParameters);
    for (const [name, value] of others) {
      answers.push({ key: `urlParameters.${name}`, label: name, value, kind: "hidden" });
    }
    const formName = textAt(body, "formName");
    const document = fieldsOf([
      ["submission", submission],
      ["urlParameters", fieldsOf(urlParameters)],
      ["calculations", fieldsOf(namedValues(submission, "calculations"))],
      ["formId", isFields(body) ? (body.formId ?? null) : null],
      ["formName", formName ?? null],
      ["query", payload.query],
    ]);
    return {
      answers,
      document,
      eventId: textAt(submission, "submissionId"),
      noteLines: formName ? [`Form: ${formName}`] : [],
      tracking,
    };
  },
};
