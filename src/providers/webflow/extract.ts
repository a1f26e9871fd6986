// The `webflow` preset: Webflow's `form_submission` webhook. `payload.data` holds the form's fields
// by name, and `payload.schema` gives each field's input type
// (https://developers.webflow.com/data/reference/all-events, form_submission).

import { readEvent, withoutAnswers } from "../../extract/payload/events.ts";
import { fileUrls } from "../../extract/payload/files.ts";
import { kindFromQuestion } from "../../extract/payload/question-kinds.ts";
import { entriesOf, fieldsAt, listAt, textAt } from "../../extract/payload/read.ts";
import type { Answer, AnswerKind, Preset } from "../../extract/types.ts";

const SUBMISSION_EVENTS = ["form_submission"];

const KIND_BY_FIELD_TYPE: ReadonlyMap<string, AnswerKind> = new Map([
  ["FormTextarea", "long_text"],
  ["FormCheckboxInput", "boolean"],
  ["FormRadioInput", "choice"],
  ["FormSelect", "choice"],
  ["FormFileUploadInput", "file"],
]);

/** Webflow's form_submission webhook: `payload.data` by field name. */
export const webflowPreset: Preset = {
  name: "webflow",
  contactHint: "a form field named Email or Phone (payload.data)",
  submissionEvents: SUBMISSION_EVENTS,
  extract(payload) {
    const { body, eventType, document } = readEvent(payload, "triggerType");
    const submission = fieldsAt(body, "payload");
    const data = fieldsAt(submission, "data");
    if (submission === undefined || data === undefined) {
      return withoutAnswers(eventType, SUBMISSION_EVENTS, document, {
        provider: "Webflow form_submission",
        field: "payload.data",
        problem: "is missing: a Webflow form_submission event has the fields in payload.data",
      });
    }
    const fieldTypes = new Map<string, string>();
    for (const field of listAt(submission, "schema") ?? []) {
      const name = textAt(field, "fieldName");
      const type = textAt(field, "fieldType");
      if (name !== undefined && type !== undefined) fieldTypes.set(name, type);
    }
    const answers: Answer[] = entriesOf(data).map(([name, value]) => {
      const kind = KIND_BY_FIELD_TYPE.get(fieldTypes.get(name) ?? "");
      if (kind === "file") return { key: name, label: name, value: fileUrls(value), kind };
      return { key: name, label: name, value, kind: kind ?? kindFromQuestion(name) ?? "text" };
    });
    document.payload = submission;
    document.data = data;
    const formName = textAt(submission, "name");
    return {
      answers,
      document,
      eventId: textAt(submission, "id"),
      eventType,
      noteLines: formName ? [`Form: ${formName}`] : [],
    };
  },
};
