// The `typeform` preset: a Typeform webhook delivery. Answers are keyed by their field's `ref` and
// labelled by the question's title from `definition.fields`; the answer's `type` says what it
// holds and names the key its value is under (https://www.typeform.com/developers/webhooks/example-payload/).

import { readEvent, withoutAnswers } from "../../extract/payload/events.ts";
import { kindFromQuestion } from "../../extract/payload/question-kinds.ts";
import {
  entriesOf,
  fieldsAt,
  isFields,
  listAt,
  textAt,
  textOf,
} from "../../extract/payload/read.ts";
import { splitTracking } from "../../extract/payload/tracking.ts";
import type { Answer, AnswerKind, Preset } from "../../extract/types.ts";
import { emptyFields, type Fields, type Value } from "../../parse/body.ts";

const SUBMISSION_EVENTS = ["form_response"];

// What each answer `type` holds (https://www.typeform.com/developers/responses/JSON-response-explanation/).
const KIND_BY_ANSWER_TYPE: ReadonlyMap<string, AnswerKind> = new Map([
  ["email", "email"],
  ["phone_number", "phone"],
  ["text", "text"],
  ["choice", "choice"],
  ["choices", "choice"],
  ["number", "number"],
  ["boolean", "boolean"],
  ["date", "date"],
  ["file_url", "file"],
  ["payment", "other"],
  // A `url` answer is the person's website only for a Website question (below): a Calendly
  // question answers with the booking's URL.
  ["url", "other"],
]);

/** A question from `definition.fields`: its ref, title and field type. */
type Question = { ref: string | undefined; title: string | undefined; type: string | undefined };

function questionsById(formResponse: Fields): Map<string, Question> {
  const questions = new Map<string, Question>();
  const definition = fieldsAt(formResponse, "definition");
  for (const field of listAt(definition, "fields") ?? []) {
    const id = textAt(field, "id");
    if (id === undefined) continue;
    questions.set(id, {
      ref: textAt(field, "ref"),
      title: textAt(field, "title"),
      type: textAt(field, "type"),
    });
  }
  return questions;
}

/** An answer's value: choices read as their labels, a payment as text, else the typed value. */
function answerValue(answer: Fields, type: string): Value | undefined {
  if (type === "choice") {
    const choice = fieldsAt(answer, "choice");
    return textAt(choice, "label") ?? textAt(choice, "other");
  }
  if (type === "choices") {
    const choices = fieldsAt(answer, "choices");
    const labels = (listAt(choices, "labels") ?? []).flatMap((label) => textOf(label) ?? []);
    const other = textAt(choices, "other");
    return other === undefined ? labels : [...labels, other];
  }
  if (type === "payment") {
    const payment = fieldsAt(answer, "payment");
    const parts = [
      textAt(payment, "amount"),
      textAt(payment, "name"),
      textAt(payment, "last4") && `card ending ${textAt(payment, "last4")}`,
    ];
    return parts.filter(Boolean).join(", ");
  }
  const value = answer[type];
  return value === undefined || isFields(value) ? undefined : value;
}

function answerKind(type: string, fieldType: string | undefined, title: string): AnswerKind {
  if (type === "url" && fieldType === "website") return "url";
  if (type === "text" && fieldType === "long_text") return "long_text";
  if (type === "text" && fieldType === "dropdown") return "choice";
  if (type === "text") return kindFromQuestion(title) ?? "text";
  return KIND_BY_ANSWER_TYPE.get(type) ?? "other";
}

function readAnswers(formResponse: Fields): Answer[] {
  const questions = questionsById(formResponse);
  const answers: Answer[] = [];
  for (const answer of listAt(formResponse, "answers") ?? []) {
    if (!isFields(answer)) continue;
    const type = textAt(answer, "type");
    const field = fieldsAt(answer, "field");
    if (type === undefined || field === undefined) continue;
    const id = textAt(field, "id");
    const question = id === undefined ? undefined : questions.get(id);
    const key = textAt(field, "ref") ?? question?.ref ?? id;
    const value = answerValue(answer, type);
    if (key === undefined || value === undefined) continue;
    const label = question?.title ?? key;
    const kind = answerKind(type, textAt(field, "type") ?? question?.type, label);
    answers.push({ key, label, value, kind });
  }
  return answers;
}

// Recall ("piping") in a title: `{{field:ref}}`, `{{hidden:name}}`, `{{var:name}}`, `{{answer_1}}`.
const RECALL = /\{\{\s*([^{}]*?)\s*\}\}/g;

/** A title with its recalled answers filled in, as the person saw it ("…" when unknown). */
function resolveRecall(
  title: string,
  answers: Answer[],
  hidden: Fields,
  variables: Fields,
): string {
  // Most titles recall nothing: no replace (and no callback) for them.
  if (!title.includes("{{")) return title;
  return title.replace(RECALL, (_, token: string) => {
    const colon = token.indexOf(":");
    const source = token.slice(0, colon);
    const name = token.slice(colon + 1);
    const value =
      colon < 0
        ? undefined
        : source === "field"
          ? answers.find((answer) => answer.key === name)?.value
          : source === "hidden"
            ? hidden[name]
            : source === "var"
              ? variables[name]
              : undefined;
    const text = Array.isArray(value)
      ? value.map(textOf).filter(Boolean).join(", ")
      : textOf(value);
    return text || "…";
  });
}

/** Typeform's `variables` list as `{ key: value }`, each value under the key its type names. */
function readVariables(formResponse: Fields): Fields {
  const variables = emptyFields();
  for (const variable of listAt(formResponse, "variables") ?? []) {
    const key = textAt(variable, "key");
    const type = textAt(variable, "type");
    const value = key && type && isFields(variable) ? variable[type] : undefined;
    // The first variable of a key wins.
    if (key !== undefined && value !== undefined && !Object.hasOwn(variables, key)) {
      variables[key] = value;
    }
  }
  return variables;
}

/** Typeform's webhook delivery: answers by `ref` and question title, hidden fields, UTM. */
export const typeformPreset: Preset = {
  name: "typeform",
  contactHint: "an answer of type email or phone_number, or a question titled Email/Phone",
  submissionEvents: SUBMISSION_EVENTS,
  extract(payload) {
    const { body, eventType, document } = readEvent(payload, "event_type", "event_id");
    const formResponse = fieldsAt(body, "form_response");
    if (formResponse === undefined) {
      return withoutAnswers(eventType, SUBMISSION_EVENTS, document, {
        provider: "Typeform",
        field: "form_response",
        problem: "is missing: a Typeform delivery has the answers in form_response.answers",
      });
    }
    const hidden = fieldsAt(formResponse, "hidden") ?? emptyFields();
    const { tracking, others } = splitTracking(entriesOf(hidden));
    const variables = readVariables(formResponse);
    const answers = readAnswers(formResponse);
    for (const answer of answers) {
      answer.label = resolveRecall(answer.label, answers, hidden, variables);
    }
    for (const [name, value] of others) {
      answers.push({ key: `hidden.${name}`, label: name, value, kind: "hidden" });
    }
    document.form_response = formResponse;
    document.hidden = hidden;
    document.variables = variables;
    document.calculated = fieldsAt(formResponse, "calculated") ?? emptyFields();
    const formTitle = textAt(fieldsAt(formResponse, "definition"), "title");
    return {
      answers,
      document,
      eventId: textAt(body, "event_id") ?? textAt(formResponse, "token"),
      eventType,
      noteLines: formTitle ? [`Form: ${formTitle}`] : [],
      tracking,
    };
  },
};
