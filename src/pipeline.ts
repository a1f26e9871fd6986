// Stages 3 to 6 of every submission (parse, extract, map, validate), with no I/O: raw bytes
// in, a contact draft out, or a 4xx saying why not. Ingest, the preview and the benchmarks
// all run exactly this.
import type { Source } from "./config/load.ts";
import { BridgeError } from "./errors.ts";
import { formatPath, parsePath, resolvePath } from "./extract/path.ts";
import type { Extraction } from "./extract/types.ts";
import { mapSubmission } from "./map/draft.ts";
import { type MappingFinding, reviewFieldPaths } from "./map/review.ts";
import { type Payload, parseBody } from "./parse/body.ts";
import { keepSenderInput, type SenderInput, type SentRequest } from "./parse/sender-input.ts";
import { findPreset } from "./providers/registry.ts";
import { type ContactDraft, validateDraft } from "./validate/draft.ts";

/** A submission as it arrived: body bytes, content type, query string (with or without `?`), headers. */
export type RawSubmission = SentRequest;

/** What the pure stages make of a submission. */
export type PreparedSubmission =
  | { kind: "ignored"; extraction: Extraction; eventType: string | undefined }
  | { kind: "contact"; extraction: Extraction; draft: ContactDraft; eventId: string | undefined };

/** Form fields that belong to the form's machinery, not to the person. */
const MACHINERY_FIELDS = [
  "cf-turnstile-response",
  "g-recaptcha-response",
  "h-captcha-response",
  "_charset_",
];

// Each source's ignored keys, worked out on its first submission (sources live as long as the
// isolate's configuration).
const ignoredKeysBySource = new WeakMap<Source, ReadonlySet<string>>();

function ignoredKeysOf(source: Source): ReadonlySet<string> {
  let keys = ignoredKeysBySource.get(source);
  if (keys === undefined) {
    const set = new Set(MACHINERY_FIELDS);
    if (source.honeypot) set.add(source.honeypot);
    // The sender's event id identifies the delivery; it says nothing about the person.
    if (source.dedupe_key) set.add(formatPath(parsePath(source.dedupe_key)));
    keys = set;
    ignoredKeysBySource.set(source, keys);
  }
  return keys;
}

/**
 * The answers the preset read that are about the person: without the form's machinery (a
 * Turnstile token, the honeypot) and the sender's event id. What the log keeps as "received".
 */
export function personAnswers(extraction: Extraction, source: Source): Extraction["answers"] {
  const ignored = ignoredKeysOf(source);
  return extraction.answers.filter((answer) => !ignored.has(answer.key));
}

/** The sender's id of this delivery: the preset's event id, else the source's `dedupe_key` path. */
function eventIdOf(extraction: Extraction, source: Source): string | undefined {
  if (extraction.eventId) return extraction.eventId;
  if (!source.dedupe_key) return undefined;
  const { value } = resolvePath(extraction, source.dedupe_key);
  return typeof value === "string" || typeof value === "number" ? String(value) : undefined;
}

/** What the log keeps of a submission for a replay (undefined when its body is too large). */
export function keepInputOf(raw: RawSubmission, source: Source): SenderInput | undefined {
  // The stages read the body, the query string, the Referer (the page the form was on) and the
  // headers the preset names; nothing else of the request is kept.
  return keepSenderInput(raw, ["referer", ...(findPreset(source.preset).headers ?? [])]);
}

/** Stage 3: the body as data, by the source's rules. */
export function parseSubmission(raw: RawSubmission, source: Source): Promise<Payload> {
  return parseBody(raw.bytes, raw.contentType, raw.search, { files: source.files });
}

/** Whether a bot filled the source's honeypot field (people never see it). */
export function isHoneypotFilled(payload: Payload, source: Source): boolean {
  if (
    !source.honeypot ||
    payload.body === null ||
    typeof payload.body !== "object" ||
    Array.isArray(payload.body)
  ) {
    return false;
  }
  const value = Object.hasOwn(payload.body, source.honeypot)
    ? payload.body[source.honeypot]
    : undefined;
  const values = Array.isArray(value) ? value : [value];
  return values.some((item) => item !== undefined && item !== null && String(item).trim() !== "");
}

/** The Turnstile token a browser form sent (`cf-turnstile-response`), if any. */
export function turnstileTokenOf(payload: Payload): string | undefined {
  const body = payload.body;
  if (body === null || typeof body !== "object" || Array.isArray(body)) return undefined;
  const value = Object.hasOwn(body, "cf-turnstile-response")
    ? body["cf-turnstile-response"]
    : undefined;
  return typeof value === "string" ? value : undefined;
}

/** What the stages report besides their result, when asked (the preview, a replay's dry run). */
export type PrepareOptions = {
  /** Receives every `fields` path that matched nothing and every value dropped or moved to the note. */
  findings?: MappingFinding[];
};

/** Stages 4 to 6 on a parsed payload: extract, map, validate. */
export function prepareFromPayload(
  payload: Payload,
  source: Source,
  headers: Headers,
  options: PrepareOptions = {},
): PreparedSubmission {
  const preset = findPreset(source.preset);
  const extraction = preset.extract(payload, { headers });
  const events = source.events ?? preset.submissionEvents;
  if (events && extraction.eventType !== undefined && !events.includes(extraction.eventType)) {
    return { kind: "ignored", extraction, eventType: extraction.eventType };
  }
  const { findings } = options;
  findings?.push(...reviewFieldPaths(extraction, source.fields));
  const referer = headers.get("referer") ?? undefined;
  const { draft, problems } = mapSubmission(extraction, source, {
    ignoredKeys: ignoredKeysOf(source),
    ...(referer ? { pageUrl: referer } : {}),
    ...(findings ? { findings } : {}),
  });
  if (problems.length === 0) problems.push(...validateDraft(draft, preset.contactHint));
  if (problems.length > 0) {
    throw new BridgeError("unmappable", "The submission cannot become a Close contact.", {
      details: problems,
    });
  }
  return { kind: "contact", extraction, draft, eventId: eventIdOf(extraction, source) };
}

/**
 * Parses, extracts, maps and validates one submission for a source.
 *
 * @example
 * const prepared = await prepareSubmission({ bytes, contentType, search: "", headers }, source);
 * if (prepared.kind === "contact") console.log(prepared.draft.emails);
 */
export async function prepareSubmission(
  raw: RawSubmission,
  source: Source,
  options: PrepareOptions = {},
): Promise<PreparedSubmission> {
  return prepareFromPayload(await parseSubmission(raw, source), source, raw.headers, options);
}
