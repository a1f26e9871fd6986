// The `jotform` preset: Jotform's webhook POST (multipart/form-data). The answers are in the
// `rawRequest` field, a JSON string keyed by each question's unique name (`q3_name: {first, last}`,
// `q4_email`, `q5_phoneNumber: {full}`); the labels are in `pretty` ("Label:value, Label:value").
// Jotform cannot sign its webhooks: protect the source with a token in the URL
// (https://www.jotform.com/help/245-how-to-setup-a-webhook-with-jotform/).
import { BridgeError } from "../../errors.ts";
import { notSenderShape } from "../../extract/payload/events.ts";
import { fileUrls } from "../../extract/payload/files.ts";
import { kindFromQuestion } from "../../extract/payload/question-kinds.ts";
import { entriesOf, fieldsOf, isFields, textAt, textOf } from "../../extract/payload/read.ts";
import type { Answer, AnswerKind, Preset } from "../../extract/types.ts";
import { emptyFields, type Fields, parseJson, type Value } from "../../parse/body.ts";

// A question's answer is under `q<number>_<unique name>`.
const QUESTION_KEY = /^q\d+_(.+)$/;
// Parts of compound answers that are the widget's machinery, not the person's answer.
const MACHINERY_PARTS = new Set(["implementation", "colIds", "rowIds", "cc_number", "cc_ccv"]);

/** `rawRequest` parsed, from a form field holding JSON text (or already an object). */
function readRawRequest(body: Value): Fields | undefined {
  if (!isFields(body)) return undefined;
  const raw = body.rawRequest;
  if (isFields(raw)) return raw;
  if (typeof raw !== "string") {
    // Jotform posted through a relay as flat JSON: the question keys are the body itself.
    return Object.keys(body).some((key) => QUESTION_KEY.test(key)) ? body : undefined;
  }
  let parsed: Value;
  try {
    parsed = parseJson(raw);
  } catch (error) {
    if (!(error instanceof BridgeError)) throw error;
    // The parser names the body; here the broken JSON is one field of the form.
    throw new BridgeError("malformed_body", "The Jotform rawRequest field is not valid JSON.", {
      details: (error.details ?? []).map((detail) => ({ ...detail, field: "rawRequest" })),
    });
  }
  if (!isFields(parsed)) {
    throw notSenderShape("Jotform", "rawRequest", "is not a JSON object of answers");
  }
  return parsed;
}

/** `pretty` ("Label:value, Label:value") as label/value pairs, in the form's order. */
function parsePretty(text: string | undefined): [string, string][] {
  const pairs: [string, string][] = [];
  for (const piece of (text ?? "").split(", ")) {
    const colon = piece.indexOf(":");
    const last = pairs[pairs.length - 1];
    // A piece without `Label:` continues the previous value (a value holding ", ").
    if (colon > 0) pairs.push([piece.slice(0, colon).trim(), piece.slice(colon + 1).trim()]);
    else if (last) last[1] = `${last[1]}, ${piece}`;
  }
  return pairs;
}

/** `studentsName` as `Students name`: the label when `pretty` does not give one. */
function labelFromUniqueName(name: string): string {
  const words = name
    .replace(/\d+$/, "")
    .replace(/([a-z])([A-Z])/g, "$1 $2")
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function scalarText(value: Value | undefined): string {
  return textOf(value) ?? "";
}

/** A compound answer (address, date, appointment, ...) as one line of text, or "" when empty. */
function compoundText(value: Fields): string {
  if ("date" in value && scalarText(value.date) === "") return "";
  if ("year" in value && "month" in value && "day" in value) {
    const year = scalarText(value.year);
    const month = scalarText(value.month);
    const day = scalarText(value.day);
    if (year === "" || month === "" || day === "") return "";
    const time = [scalarText(value.hour), scalarText(value.min)].filter(Boolean).join(":");
    const date = `${year}-${month.padStart(2, "0")}-${day.padStart(2, "0")}`;
    return [date, time, scalarText(value.ampm)].filter(Boolean).join(" ");
  }
  return entriesOf(value)
    .filter(([part]) => !MACHINERY_PARTS.has(part))
    .map(([, item]) => scalarText(item))
    .filter(Boolean)
    .join(", ");
}

/** Reads the answers of one question key; labels come from `pretty` by matching the value. */
class JotformAnswers {
  readonly answers: Answer[] = [];
  private readonly pretty: [string, string][];
  private readonly usedPretty = new Set<number>();

  constructor(pretty: [string, string][]) {
    this.pretty = pretty;
  }

  /** The `pretty` label whose value reads `texts` (first unused match), if any. */
  private labelFor(texts: string[]): string | undefined {
    const index = this.pretty.findIndex(
      ([, shown], i) => !this.usedPretty.has(i) && texts.includes(shown),
    );
    if (index < 0) return undefined;
    this.usedPretty.add(index);
    return this.pretty[index]?.[0];
  }

  add(key: string, uniqueName: string, value: Value) {
    // Only when `pretty` gives no label (most questions have one).
    const fallback = () => labelFromUniqueName(uniqueName);
    if (isFields(value) && ("first" in value || "last" in value)) {
      this.addName(key, uniqueName, value);
    } else if (isFields(value) && ("full" in value || "area" in value)) {
      const full = textOf(value.full) ?? [value.area, value.phone].map(scalarText).join(" ").trim();
      if (full === "") return;
      const label = this.labelFor([full]) ?? fallback();
      this.answers.push({ key, label, value: full, kind: "phone" });
    } else if (isFields(value)) {
      const text = compoundText(value);
      if (text === "") return;
      this.answers.push({
        key,
        label: this.labelFor([text]) ?? fallback(),
        value: text,
        kind: "other",
      });
    } else if (Array.isArray(value)) {
      const items = value.flatMap((item) => textOf(item) ?? []);
      if (items.length === 0) return;
      const label = this.labelFor([items.join(" "), items.join("\n"), items.join(", ")]);
      this.answers.push({ key, label: label ?? fallback(), value: items, kind: "choice" });
    } else {
      const text = textOf(value);
      if (text === undefined) return;
      const label = this.labelFor([text]) ?? fallback();
      const kind: AnswerKind = kindFromQuestion(label) ?? kindFromQuestion(fallback()) ?? "text";
      this.answers.push({ key, label, value: text, kind });
    }
  }

  /** A full name widget: one answer per part, so `q3_name.first` addresses the first name. */
  private addName(key: string, uniqueName: string, value: Fields) {
    const parts = ["prefix", "first", "middle", "last", "suffix"] as const;
    const full = parts.map((part) => scalarText(value[part])).filter(Boolean);
    if (full.length === 0) return;
    const label = this.labelFor([full.join(" ")]) ?? labelFromUniqueName(uniqueName);
    for (const part of parts) {
      const text = textOf(value[part]);
      if (text === undefined) continue;
      const kind: AnswerKind =
        part === "first" ? "first_name" : part === "last" ? "last_name" : "other";
      this.answers.push({ key: `${key}.${part}`, label: `${label} (${part})`, value: text, kind });
    }
  }

  /** Uploaded files: `temp_upload` names the question, the file URLs are under its unique name. */
  addFiles(rawRequest: Fields) {
    const uploads = isFields(rawRequest.temp_upload) ? rawRequest.temp_upload : fieldsOf([]);
    for (const key of Object.keys(uploads)) {
      const uniqueName = QUESTION_KEY.exec(key)?.[1];
      if (uniqueName === undefined) continue;
      const urls = fileUrls(rawRequest[uniqueName]);
      if (urls.length === 0) continue;
      const label = labelFromUniqueName(uniqueName);
      this.answers.push({ key, label, value: urls, kind: "file" });
    }
  }
}

/** Jotform's webhook POST: `rawRequest` answers by question key, labelled from `pretty`. */
export const jotformPreset: Preset = {
  name: "jotform",
  contactHint: "an Email (qN_email) or Phone (qN_phoneNumber) question in rawRequest",
  extract(payload) {
    const { body } = payload;
    const rawRequest = readRawRequest(body);
    if (rawRequest === undefined) {
      throw notSenderShape(
        "Jotform",
        "rawRequest",
        "is missing: Jotform posts the answers as JSON in the rawRequest form field",
      );
    }
    const prettyPairs = parsePretty(textAt(body, "pretty"));
    const reader = new JotformAnswers(prettyPairs);
    for (const key in rawRequest) {
      const uniqueName = QUESTION_KEY.exec(key)?.[1];
      if (uniqueName !== undefined) reader.add(key, uniqueName, rawRequest[key] as Value);
    }
    reader.addFiles(rawRequest);
    // The form's other fields, then what the preset read (a form field named `query` wins).
    const document = emptyFields();
    if (isFields(body)) {
      for (const key in body) {
        if (key !== "rawRequest" && key !== "pretty") document[key] = body[key] as Value;
      }
    }
    document.rawRequest = rawRequest;
    document.pretty = fieldsOf(prettyPairs);
    if (!Object.hasOwn(document, "query")) document.query = payload.query;
    const formTitle = textAt(body, "formTitle");
    return {
      answers: reader.answers,
      document,
      eventId: textAt(body, "submissionID"),
      noteLines: formTitle ? [`Form: ${formTitle}`] : [],
    };
  },
};
