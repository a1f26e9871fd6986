// Stage 5, map: an extraction becomes a contact draft. Explicit `fields` paths win; without
// them the recognised names and the sender's answer types are used. Whatever is not mapped
// goes into the note, so nothing the person wrote is lost.
import type { ErrorDetail } from "../errors.ts";
import {
  isUtmName,
  normalizeName,
  PAGE_URL_NAMES,
  RECOGNISED_NAMES,
  recognitionName,
  type Target,
} from "../extract/names.ts";
import { resolvePath } from "../extract/path.ts";
import type { Answer, Extraction } from "../extract/types.ts";
import { memoize } from "../memo.ts";
import type { Value } from "../parse/body.ts";
import type { ContactDraft, CustomValue } from "../validate/draft.ts";
import { normalizeEmail } from "./email.ts";
import { buildNote, formatAnswerLine, formatValue } from "./note.ts";
import { normalizePhone } from "./phone.ts";
import type { MappingFinding } from "./review.ts";
import { mapRouting, type SourceRouting } from "./routing.ts";

/** The options of a source that mapping reads (config's `Source` has them). */
export type MapOptions = {
  /** Where each contact field comes from: paths, first non-empty wins. */
  fields: Record<string, string[]>;
  /** The country a phone number without a `+` prefix is read in. */
  default_country: string;
  /** What an unreadable phone number does: refuse the submission, drop it or keep it as typed. */
  invalid_phone: "reject" | "drop" | "keep";
  email_type: string;
  phone_type: string;
  url_type: string;
  /** The source's name, for templates (`{source_name}`). */
  name?: string;
  /** What the source routes in Close (map/routing.ts). */
  routing?: SourceRouting;
};

/** What mapping knows besides the extraction. */
export type MapContext = {
  /** Answer keys that are not the person's (honeypot, Turnstile token, ...). */
  ignoredKeys?: ReadonlySet<string>;
  /** The page the form was on, from the Referer header, when no answer says. */
  pageUrl?: string;
  /** When given (the preview), what was dropped or moved into the note is added here, and why. */
  findings?: MappingFinding[];
};

/** A draft and the reasons it cannot be sent (empty when it can). */
export type MapResult = { draft: ContactDraft; problems: ErrorDetail[] };

/** One value found for a contact field, with the answer label it came from. */
type Found = { value: Value; label: string };

const RECOGNISED_INDEX: ReadonlyMap<string, Target> = new Map(
  (Object.entries(RECOGNISED_NAMES) as [Target, readonly string[]][]).flatMap(([target, names]) =>
    names.map((name) => [name, target] as const),
  ),
);

// Each target's plural spelling, made once (a key built per look-up is hashed every time).
const PLURALS: ReadonlyMap<string, string> = new Map(
  Object.keys(RECOGNISED_NAMES).map((target) => [target, `${target}s`]),
);

function isEmpty(value: Value | undefined): boolean {
  if (value === undefined || value === null) return true;
  if (typeof value === "string") return value.trim() === "";
  if (Array.isArray(value)) return value.every(isEmpty);
  return false;
}

/** Spreads lists into their items, keeping only non-empty text, numbers and yes/no values. */
function scalars(value: Value): (string | number | boolean)[] {
  if (Array.isArray(value)) return value.flatMap(scalars);
  if (value === null || typeof value === "object") return [];
  if (typeof value === "string") return value.trim() === "" ? [] : [value.trim()];
  return [value];
}

function firstText(found: Found[], findings?: MappingFinding[]): string | undefined {
  for (const { value, label } of found) {
    const [first, ...rest] = scalars(value);
    if (first === undefined) continue;
    if (rest.length > 0) {
      findings?.push({
        kind: "dropped",
        field: label,
        problem: `has ${rest.length + 1} values: the contact field takes the first, the others are not sent`,
      });
    }
    return String(first);
  }
  return undefined;
}

/** Whether `zone` is an IANA time zone (asking Intl is slow: each answer is remembered). */
const isValidTimezone = memoize(
  (zone) => {
    try {
      new Intl.DateTimeFormat("en-US", { timeZone: zone });
      return true;
    } catch {
      return false;
    }
  },
  { entries: 1000, keyLength: 100 },
);

/** Finds the answers for a contact field, marking what it used. */
class AnswerPicker {
  readonly used = new Set<Answer>();
  /** The answers whose name or label reads as a target, by target. */
  private readonly byTarget = new Map<Target, Answer[]>();
  /** The answers the sender typed (`kind`), by kind. */
  private readonly byKind = new Map<string, Answer[]>();

  private readonly extraction: Extraction;
  private readonly fields: Record<string, string[]>;

  constructor(
    extraction: Extraction,
    fields: Record<string, string[]>,
    ignoredKeys: ReadonlySet<string>,
  ) {
    this.extraction = extraction;
    this.fields = fields;
    for (const answer of extraction.answers) {
      if (answer.kind !== undefined) addTo(this.byKind, answer.kind, answer);
      if (ignoredKeys.has(answer.key)) {
        this.used.add(answer);
        continue;
      }
      const target =
        RECOGNISED_INDEX.get(recognitionName(answer.key)) ??
        RECOGNISED_INDEX.get(normalizeName(answer.label));
      if (target) addTo(this.byTarget, target, answer);
    }
  }

  /** The values of an explicitly mapped target: the first of its paths with a value. */
  explicit(target: string): Found[] | undefined {
    // `emails`, `phones` and `urls` are the plural spellings of `email`, `phone` and `url`.
    const paths = this.fields[target] ?? this.fields[PLURALS.get(target) ?? `${target}s`];
    if (paths === undefined) return undefined;
    for (const path of paths) {
      const { value, answers } = resolvePath(this.extraction, path);
      if (!isEmpty(value)) {
        for (const answer of answers) this.used.add(answer);
        return [{ value: value as Value, label: answers[0]?.label ?? path }];
      }
    }
    return [];
  }

  /** The values of a target: explicit paths, else the sender's answer types, else recognised names. */
  pick(target: Target, options: { all: boolean; kindsFirst: boolean }): Found[] {
    const explicit = this.explicit(target);
    if (explicit !== undefined) return explicit;
    const byKind = this.byKind.get(target) ?? NO_ANSWERS;
    const byName = this.byTarget.get(target) ?? NO_ANSWERS;
    const chosen: Found[] = [];
    const first = options.kindsFirst ? byKind : byName;
    const second = options.kindsFirst ? byName : byKind;
    if (this.choose(first, chosen, options.all) && !options.all) return chosen;
    this.choose(second, chosen, options.all);
    return chosen;
  }

  /**
   * Adds the unused, non-empty answers of `answers` to `chosen`, marking them used as soon as
   * chosen (an answer both typed and named as the target is chosen once); only the first
   * unless `all`. Answers whether it chose any.
   */
  private choose(answers: readonly Answer[], chosen: Found[], all: boolean): boolean {
    let any = false;
    for (const answer of answers) {
      if (this.used.has(answer) || isEmpty(answer.value)) continue;
      this.used.add(answer);
      chosen.push({ value: answer.value, label: answer.label });
      any = true;
      if (!all) break;
    }
    return any;
  }
}

const NO_ANSWERS: readonly Answer[] = [];

/** Adds `item` to the list under `key`, starting the list when there is none. */
function addTo<K, T>(lists: Map<K, T[]>, key: K, item: T) {
  const list = lists.get(key);
  if (list) list.push(item);
  else lists.set(key, [item]);
}

/**
 * Adds items to a list unless an item with the same key is already there; the keys seen are
 * kept in a set, so a form with a thousand emails costs a thousand look-ups, not half a million.
 */
function uniqueAdder<T>(list: T[], keyOf: (item: T) => string): (item: T) => void {
  const seen = new Set(list.map(keyOf));
  return (item) => {
    const key = keyOf(item);
    if (seen.has(key)) return;
    seen.add(key);
    list.push(item);
  };
}

/**
 * Maps an extraction to a contact draft.
 *
 * @example
 * mapSubmission(formPreset.extract(payload, ctx), source).draft
 * // => { name: "Ada Lovelace", emails: [{ email: "ada@example.com", type: "office" }], ... }
 */
export function mapSubmission(
  extraction: Extraction,
  options: MapOptions,
  context: MapContext = {},
): MapResult {
  const m: Mapping = {
    picker: new AnswerPicker(extraction, options.fields, context.ignoredKeys ?? new Set()),
    options,
    draft: { emails: [], phones: [], urls: [], custom: {}, lead: { custom: {} } },
    problems: [],
    notes: [],
    findings: context.findings,
  };
  readPerson(m);
  readEmails(m);
  readPhones(m);
  readUrls(m);
  readCompany(m);
  readMappedTargets(m);
  const messages = readMessages(m, extraction);
  const used = m.picker.used;
  if (m.findings) m.findings.push(...reviewLeftovers(extraction, used));
  const tracking = collectTracking(extraction);
  const pageUrl = findPageUrl(extraction, used) ?? context.pageUrl;
  const note = buildNote({
    messages,
    presetLines: extraction.noteLines ?? [],
    others: extraction.answers.filter(
      (a) =>
        !used.has(a) &&
        !isUtmName(a.key) &&
        !PAGE_URL_NAMES.includes(normalizeName(a.key)) &&
        !isEmpty(a.value),
    ),
    extraLines: m.notes,
    tracking,
    pageUrl,
  });
  if (note) m.draft.note = note;
  if (options.routing) readRouting(m, extraction, { messages, tracking, pageUrl }, options.routing);
  return { draft: m.draft, problems: m.problems };
}

/** What the source routes in Close, from the answers; the note goes when the activity replaces it. */
function readRouting(
  { draft, options }: Mapping,
  extraction: Extraction,
  facts: { messages: string[]; tracking: [string, string][]; pageUrl: string | undefined },
  routing: SourceRouting,
) {
  const sourceName = options.name ?? "";
  const mapped = mapRouting(
    extraction,
    draft,
    { ...facts, sourceName, meeting: extraction.meeting },
    routing,
  );
  if (mapped) draft.routing = mapped;
  // The custom activity replaces the note: its fields carry what the person sent.
  if (routing.activity?.note === "instead") delete draft.note;
}

/** What the mapping steps share: the answers to pick from, and what they build and report. */
type Mapping = {
  picker: AnswerPicker;
  options: MapOptions;
  draft: ContactDraft;
  /** Why the submission cannot become a contact (the 422's details). */
  problems: ErrorDetail[];
  /** Lines for the note: values that could not go on the contact. */
  notes: string[];
  /** What the preview and a replay's dry run report, when asked for. */
  findings: MappingFinding[] | undefined;
};

/** The first answer of a single-valued target, as text. */
function pickText(m: Mapping, target: Target): string | undefined {
  return firstText(m.picker.pick(target, { all: false, kindsFirst: false }), m.findings);
}

/** The contact's name (or first and last name) and title. */
function readPerson(m: Mapping) {
  const name = pickText(m, "name");
  const first = pickText(m, "first_name");
  const last = pickText(m, "last_name");
  const fullName = name ?? ([first, last].filter(Boolean).join(" ") || undefined);
  if (fullName) m.draft.name = fullName;
  const title = pickText(m, "title");
  if (title) m.draft.title = title;
}

/** Every email answer, normalized; an invalid one is a problem. */
function readEmails({ picker, options, draft, problems }: Mapping) {
  const addEmail = uniqueAdder(draft.emails, (e) => e.email.toLowerCase());
  for (const { value, label } of picker.pick("email", { all: true, kindsFirst: true })) {
    for (const typed of scalars(value)) {
      const result = normalizeEmail(String(typed));
      if (result.ok) {
        addEmail({ email: result.email, type: options.email_type });
      } else {
        problems.push({ field: label, problem: "is not a valid email address" });
      }
    }
  }
}

/** Every phone answer in E.164; an invalid one kept, refused or put in the note (`invalid_phone`). */
function readPhones({ picker, options, draft, problems, notes, findings }: Mapping) {
  const addPhone = uniqueAdder(draft.phones, (p) => p.phone);
  for (const { value, label } of picker.pick("phone", { all: true, kindsFirst: true })) {
    for (const typed of scalars(value)) {
      const result = normalizePhone(String(typed), options.default_country);
      if (result.ok) {
        addPhone({ phone: result.e164, type: options.phone_type });
      } else if (options.invalid_phone === "keep") {
        addPhone({ phone: result.typed, type: options.phone_type });
      } else if (options.invalid_phone === "reject") {
        problems.push({
          field: label,
          problem: `is not a valid phone number (read with default country ${options.default_country})`,
        });
      } else {
        notes.push(
          `${label} (not a valid phone number, not added to the contact): ${result.typed}`,
        );
        findings?.push({
          kind: "to_note",
          field: label,
          problem: `is not a valid phone number (read with default country ${options.default_country}): in the note, not on the contact (invalid_phone = "drop")`,
        });
      }
    }
  }
}

/** Every URL answer. */
function readUrls({ picker, options, draft }: Mapping) {
  const addUrl = uniqueAdder(draft.urls, (u) => u.url);
  for (const { value } of picker.pick("url", { all: true, kindsFirst: true })) {
    for (const typed of scalars(value)) addUrl({ url: String(typed), type: options.url_type });
  }
}

/** The company (the lead's name) and the time zone (in the note when it is not one Close takes). */
function readCompany(m: Mapping) {
  const company = pickText(m, "company");
  if (company) m.draft.lead.name = company;
  const timezone = pickText(m, "timezone");
  if (timezone && isValidTimezone(timezone)) m.draft.timezone = timezone;
  else if (timezone) {
    m.notes.push(`Time zone: ${timezone}`);
    m.findings?.push({
      kind: "to_note",
      field: "timezone",
      problem: "is not an IANA time zone (like Europe/Paris): in the note, not on the contact",
    });
  }
}

/** The lead fields and custom fields the source's `fields` map explicitly. */
function readMappedTargets({ picker, options, draft, findings }: Mapping) {
  for (const target of Object.keys(options.fields)) {
    if (!target.startsWith("lead.") && !target.startsWith("custom.")) continue;
    const found = picker.explicit(target);
    if (found === undefined || found.length === 0) continue;
    if (target === "lead.url") draft.lead.url = firstText(found, findings);
    else if (target === "lead.description")
      draft.lead.description = found.map((f) => formatValue(f.value)).join("\n");
    else if (target.startsWith("custom."))
      draft.custom[target.slice("custom.".length)] = toCustomValue(found);
    else if (target.startsWith("lead.custom."))
      draft.lead.custom[target.slice("lead.custom.".length)] = toCustomValue(found);
  }
}

/** The note's messages: the message answers, else the first long text answer. */
function readMessages({ picker }: Mapping, extraction: Extraction): string[] {
  const messages = picker
    .pick("note", { all: true, kindsFirst: false })
    .map((f) => formatValue(f.value));
  if (messages.length > 0) return messages;
  // No field is called a message: the first long text answer is the closest thing to one.
  const longText = extraction.answers.find(
    (a) => a.kind === "long_text" && !picker.used.has(a) && !isEmpty(a.value),
  );
  if (!longText) return [];
  picker.used.add(longText);
  return [formatAnswerLine(longText.label, longText.value)];
}

/** The answers no contact field took: each goes into the note, and the finding says why. */
function reviewLeftovers(extraction: Extraction, used: ReadonlySet<Answer>): MappingFinding[] {
  return extraction.answers
    .filter((answer) => !used.has(answer) && !isEmpty(answer.value))
    .map((answer): MappingFinding => {
      const field = answer.key;
      if (isUtmName(answer.key)) {
        return { kind: "to_note", field, problem: "a tracking parameter: in the note's UTM lines" };
      }
      if (PAGE_URL_NAMES.includes(normalizeName(answer.key))) {
        return { kind: "to_note", field, problem: "the page the form was on: in the note" };
      }
      const target =
        RECOGNISED_INDEX.get(recognitionName(answer.key)) ??
        RECOGNISED_INDEX.get(normalizeName(answer.label));
      return {
        kind: "to_note",
        field,
        problem: target
          ? `reads as the contact's ${target}, which another answer gave: in the note`
          : "no contact field maps it (map it in `fields` to send it elsewhere): in the note",
      };
    });
}

function toCustomValue(found: Found[]): CustomValue {
  const values = found.flatMap((f) => scalars(f.value));
  if (values.length === 1 && !Array.isArray(found[0]?.value)) return values[0] as CustomValue;
  return values.map((v) => (typeof v === "boolean" ? String(v) : v));
}

/** UTM parameters from the answers, the query string and the sender's own tracking data. */
function collectTracking(extraction: Extraction): [string, string][] {
  const tracking = new Map<string, string>();
  const add = (name: string, value: Value | undefined) => {
    const text = value === undefined ? "" : formatValue(value);
    const key = normalizeName(name);
    if (text !== "" && !tracking.has(key)) tracking.set(key, text);
  };
  for (const answer of extraction.answers) if (isUtmName(answer.key)) add(answer.key, answer.value);
  const query = extraction.document.query;
  if (query && typeof query === "object" && !Array.isArray(query)) {
    // The query string's fields have no prototype: `in` sees only their own keys.
    for (const name in query) if (isUtmName(name)) add(name, query[name]);
  }
  // The presets' tracking has no prototype either (splitTracking makes it).
  const reported = extraction.tracking;
  if (reported) for (const name in reported) add(name, reported[name]);
  return [...tracking.entries()];
}

function findPageUrl(extraction: Extraction, used: ReadonlySet<Answer>): string | undefined {
  const answer = extraction.answers.find(
    (a) => !used.has(a) && PAGE_URL_NAMES.includes(normalizeName(a.key)) && !isEmpty(a.value),
  );
  return answer ? formatValue(answer.value) : undefined;
}
