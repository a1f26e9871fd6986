// Stage 6, validate: the contact draft checked against the Close contact schema (close-api.md:
// name and title at most 1,000 characters, at most 100 items per list, valid emails, custom
// fields as flat `cf_` keys) before anything is stored or sent.
import type { ErrorDetail } from "../errors.ts";
import * as z from "../zod.ts";

/** The email shape close-bridge accepts (zod's, which Close's own validation agrees with). */
export const EmailAddress = z.deferred(() =>
  z.email({ error: "is not a valid email address" }).check(z.maxLength(254)),
);

const CLOSE_TEXT_LIMIT = 1000;
const CLOSE_LIST_LIMIT = 100;

const tooLong = `is longer than Close's limit of ${CLOSE_TEXT_LIMIT} characters`;
const tooMany = `has more than Close's limit of ${CLOSE_LIST_LIMIT} items`;

/** A custom field's value: text, a number, a yes/no, or a list for multi-value fields. */
export const CustomValue = z.deferred(() =>
  z.union([
    z.string(),
    z.number(),
    z.boolean(),
    z.array(z.union([z.string(), z.number()])).check(z.maxLength(CLOSE_LIST_LIMIT, tooMany)),
  ]),
);
export type CustomValue = z.infer<typeof CustomValue>;

const CustomFields = z.deferred(() =>
  z.record(z.string().check(z.regex(/^cf_[A-Za-z0-9]+$/)), CustomValue),
);

/** Text Close stores: not empty, and within Close's limit. */
const CloseText = z.deferred(() =>
  z.string().check(z.minLength(1), z.maxLength(CLOSE_TEXT_LIMIT, tooLong)),
);
/** Any text that is not empty. */
const NonEmptyText = z.deferred(() => z.string().check(z.minLength(1)));

/** Values by the Close name (of a custom field) they go to. */
const NamedValues = z.deferred(() =>
  z.record(
    z.string().check(z.minLength(1), z.maxLength(200)),
    z.string().check(z.maxLength(100_000)),
  ),
);

/**
 * What the answers make of a source's routing (map/routing.ts): values by the names of the
 * fields they go to, rendered texts. Delivery resolves the names against Close.
 */
export const RoutingDraft = z.deferred(() =>
  z.strictObject({
    /** Lead custom fields (its source, UTM parameters) by name. */
    lead_fields: z.optional(NamedValues),
    /** Contact custom fields (consent) by name. */
    contact_fields: z.optional(NamedValues),
    /** Whether the consent checkbox was ticked. */
    consent: z.optional(z.boolean()),
    /** The value the owner is chosen by (`owner.by`). */
    owner_by: z.optional(z.string()),
    /** The follow-up task's text. */
    task: z.optional(z.string()),
    /** The custom activity's fields by name. */
    activity: z.optional(NamedValues),
    /** The opportunity's note. */
    opportunity: z.optional(z.string()),
  }),
);
export type RoutingDraft = z.infer<typeof RoutingDraft>;

/** What close-bridge will create or update in Close for one submission. */
export const ContactDraft = z.deferred(() =>
  z.strictObject({
    name: z.optional(CloseText),
    title: z.optional(CloseText),
    emails: z
      .array(z.strictObject({ email: EmailAddress, type: NonEmptyText }))
      .check(z.maxLength(CLOSE_LIST_LIMIT, tooMany)),
    phones: z
      .array(
        z.strictObject({
          phone: z.string().check(z.minLength(1), z.maxLength(100)),
          type: NonEmptyText,
        }),
      )
      .check(z.maxLength(CLOSE_LIST_LIMIT, tooMany)),
    urls: z
      .array(
        z.strictObject({
          url: z.string().check(z.minLength(1), z.maxLength(2000)),
          type: NonEmptyText,
        }),
      )
      .check(z.maxLength(CLOSE_LIST_LIMIT, tooMany)),
    timezone: z.optional(NonEmptyText),
    custom: CustomFields,
    lead: z.strictObject({
      name: z.optional(CloseText),
      url: z.optional(z.string().check(z.minLength(1), z.maxLength(2000))),
      description: z.optional(NonEmptyText),
      custom: CustomFields,
    }),
    note: z.optional(NonEmptyText),
    routing: z.optional(RoutingDraft),
  }),
);
export type ContactDraft = z.infer<typeof ContactDraft>;

// What follows writes out ContactDraft's checks for the drafts mapping builds, so that the
// schema runs (every submission pays for it otherwise) only to word the problems of a draft that
// fails them. Each answers false whenever in doubt; test/validate/draft.test.ts holds the two
// to the same verdict.

/** The email pattern and the keys each object of a draft may have, read from the schemas once first needed. */
let draftRules:
  | { email: RegExp; draft: Set<string>; lead: Set<string>; routing: Set<string> }
  | undefined;
function readDraftRules() {
  draftRules ??= {
    // zod's own email pattern, the one EmailAddress checks with.
    email: EmailAddress.def.pattern ?? /$^/,
    draft: new Set(Object.keys(ContactDraft.def.shape)),
    lead: new Set(Object.keys(ContactDraft.def.shape.lead.def.shape)),
    routing: new Set(Object.keys(RoutingDraft.def.shape)),
  };
  return draftRules;
}
const CUSTOM_KEY = /^cf_[A-Za-z0-9]+$/;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return (
    typeof value === "object" && value !== null && Object.getPrototypeOf(value) === Object.prototype
  );
}

/** A plain object whose own keys are all in `keys`. */
function isObjectOf(value: unknown, keys: ReadonlySet<string>): value is Record<string, unknown> {
  if (!isPlainObject(value)) return false;
  for (const key of Object.keys(value)) if (!keys.has(key)) return false;
  return true;
}

function isText(value: unknown, min: number, max: number): boolean {
  return typeof value === "string" && value.length >= min && value.length <= max;
}

/** Absent, or text within the lengths. */
function isOptionalText(value: unknown, min: number, max: number): boolean {
  return value === undefined || isText(value, min, max);
}

function isFiniteNumber(value: unknown): boolean {
  return typeof value === "number" && Number.isFinite(value);
}

function isCustomValue(value: unknown): boolean {
  if (typeof value === "string" || typeof value === "boolean" || isFiniteNumber(value)) return true;
  return (
    Array.isArray(value) &&
    value.length <= CLOSE_LIST_LIMIT &&
    value.every((item) => typeof item === "string" || isFiniteNumber(item))
  );
}

function isCustomFields(value: unknown): boolean {
  if (!isPlainObject(value)) return false;
  return Object.entries(value).every(([key, item]) => CUSTOM_KEY.test(key) && isCustomValue(item));
}

function isNamedValues(value: unknown): boolean {
  if (value === undefined) return true;
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  if (Object.getPrototypeOf(value) !== Object.prototype) return false;
  return Object.entries(value).every(
    ([key, item]) => isText(key, 1, 200) && isText(item, 0, 100_000),
  );
}

/** A list of at most Close's limit of `{ <valueKey>: text, type: text }`. */
function isTypedList(value: unknown, valueKey: string, check: (item: unknown) => boolean): boolean {
  if (!Array.isArray(value) || value.length > CLOSE_LIST_LIMIT) return false;
  const keys = new Set([valueKey, "type"]);
  return value.every(
    (item) => isObjectOf(item, keys) && check(item[valueKey]) && isText(item.type, 1, Infinity),
  );
}

/** Whether `value` certainly passes EmailAddress, checked by hand with zod's own pattern. */
export function isEmailAddress(value: unknown): boolean {
  return isText(value, 0, 254) && readDraftRules().email.test(value as string);
}

function isRouting(value: unknown): boolean {
  if (value === undefined) return true;
  if (!isObjectOf(value, readDraftRules().routing)) return false;
  return (
    isNamedValues(value.lead_fields) &&
    isNamedValues(value.contact_fields) &&
    isNamedValues(value.activity) &&
    (value.consent === undefined || typeof value.consent === "boolean") &&
    isOptionalText(value.owner_by, 0, Infinity) &&
    isOptionalText(value.task, 0, Infinity) &&
    isOptionalText(value.opportunity, 0, Infinity)
  );
}

/** Whether `draft` certainly passes ContactDraft (false when in doubt). */
function passesPlainly(draft: unknown): boolean {
  const keys = readDraftRules();
  if (!isObjectOf(draft, keys.draft)) return false;
  const { lead } = draft;
  return (
    isOptionalText(draft.name, 1, CLOSE_TEXT_LIMIT) &&
    isOptionalText(draft.title, 1, CLOSE_TEXT_LIMIT) &&
    isTypedList(draft.emails, "email", isEmailAddress) &&
    isTypedList(draft.phones, "phone", (phone) => isText(phone, 1, 100)) &&
    isTypedList(draft.urls, "url", (url) => isText(url, 1, 2000)) &&
    isOptionalText(draft.timezone, 1, Infinity) &&
    isCustomFields(draft.custom) &&
    isObjectOf(lead, keys.lead) &&
    isOptionalText(lead.name, 1, CLOSE_TEXT_LIMIT) &&
    isOptionalText(lead.url, 1, 2000) &&
    isOptionalText(lead.description, 1, Infinity) &&
    isCustomFields(lead.custom) &&
    isOptionalText(draft.note, 1, Infinity) &&
    isRouting(draft.routing)
  );
}

/** Checks a draft; answers the problems, each naming the contact field. */
export function validateDraft(draft: ContactDraft, contactHint: string): ErrorDetail[] {
  const problems: ErrorDetail[] = [];
  const parsed = passesPlainly(draft) ? { success: true as const } : ContactDraft.safeParse(draft);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      problems.push({
        field: issue.path.map(String).join(".") || "contact",
        problem: issue.message,
      });
    }
  }
  if (draft.emails.length === 0 && draft.phones.length === 0) {
    problems.push({
      field: "email",
      problem: `there is neither an email nor a phone: Close needs one to find or create the contact (looked for ${contactHint})`,
    });
  }
  return problems;
}
