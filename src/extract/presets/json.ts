// The `json` preset: any JSON (Zapier, Make, a script). Every leaf is an answer named by its
// path (`contact.emails[0]`), and paths reach anywhere in the body.
import { emptyFields, type Fields, type Payload, type Value } from "../../parse/body.ts";
import { formatPath, type PathSegment } from "../path.ts";
import { entriesOf, isFields } from "../payload/read.ts";
import type { Answer, Preset } from "../types.ts";

function isScalarList(value: Value[]): boolean {
  return value.every((item) => item === null || typeof item !== "object");
}

/** Lists the leaves of a JSON value as answers keyed by their path. */
export function flattenAnswers(
  value: Value,
  prefix: PathSegment[] = [],
  answers: Answer[] = [],
): Answer[] {
  if (value !== null && typeof value === "object") {
    if (Array.isArray(value) && isScalarList(value)) {
      const key = formatPath(prefix);
      if (key !== "") answers.push({ key, label: key, value });
      return answers;
    }
    const entries: [PathSegment, Value][] = Array.isArray(value)
      ? value.map((item, index) => [index, item])
      : entriesOf(value);
    for (const [segment, item] of entries) flattenAnswers(item, [...prefix, segment], answers);
    return answers;
  }
  const key = formatPath(prefix);
  answers.push({ key: key === "" ? "body" : key, label: key === "" ? "body" : key, value });
  return answers;
}

/**
 * The document `fields` paths read in a JSON payload: the body's own keys, with the whole body
 * as `body` and the query string as `query`.
 */
export function jsonDocumentOf(payload: Payload): Fields {
  const { body } = payload;
  const document: Fields = emptyFields();
  if (isFields(body)) for (const key in body) document[key] = body[key] as Value;
  document.body = body;
  document.query = payload.query;
  return document;
}

/** Any JSON: answers are its leaves; `fields` paths address anything in it. */
export const jsonPreset: Preset = {
  name: "json",
  contactHint: "a key named email or phone (at any depth), or a `fields` mapping to them",
  extract(payload) {
    return { answers: flattenAnswers(payload.body), document: jsonDocumentOf(payload) };
  },
};
