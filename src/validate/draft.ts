// Stage 6, validate: the contact draft checked against the Close contact schema (close-api.md:
// name and title at most 1,000 characters, at most 100 items per list, valid emails, custom
// fields as flat `cf_` keys) before anything is stored or sent.
import type { ErrorDetail } from "../errors.ts";
import * as z from "../zod.ts";

/** The email shape close-bridge accepts (zod's, which Close's own validation agrees with). */
export const EmailAddress = z
  .email({ error: "is not a valid email address" })
  .check(z.maxLength(254));

const CLOSE_TEXT_LIMIT = 1000;
const CLOSE_LIST_LIMIT = 100;

const tooLong = `is longer than Close's limit of ${CLOSE_TEXT_LIMIT} characters`;
const tooMany = `has more than Close's limit of ${CLOSE_LIST_LIMIT} items`;

/** A custom field's value: text, a number, a yes/no, or a list for multi-value fields. */
export const CustomValue = z.union([
  z.string(),
  z.number(),
  z.boolean(),
  z.array(z.union([z.string(), z.number()])).check(z.maxLength(CLOSE_LIST_LIMIT, tooMany)),
]);
export type CustomValue = z.infer<typeof CustomValue>;

const CustomFields = z.record(z.string().check(z.regex(/^cf_[A-Za-z0-9]+$/)), CustomValue);

/** Text Close stores: not empty, and within Close's limit. */
const CloseText = z.string().check(z.minLength(1), z.maxLength(CLOSE_TEXT_LIMIT, tooLong));
/** Any text that is not empty. */
const NonEmptyText = z.string().check(z.minLength(1));

/** Values by the Close name (of a custom field) they go to. */
const NamedValues = z.record(
  z.string().check(z.minLength(1), z.maxLength(200)),
  z.string().check(z.maxLength(100_000)),
);

/**
 * What the answers make of a source's routing (map/routing.ts): values by the names of the
 * fields they go to, rendered texts. Delivery resolves the names against Close.
 */
export const RoutingDraft = z.strictObject({
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
});
export type RoutingDraft = z.infer<typeof RoutingDraft>;

/** What close-bridge will create or update in Close for one submission. */
export const ContactDraft = z.strictObject({
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
});
export type ContactDraft = z.infer<typeof ContactDraft>;

/** Checks a draft; answers the problems, each naming the contact field. */
export function validateDraft(draft: ContactDraft, contactHint: string): ErrorDetail[] {
  const problems: ErrorDetail[] = [];
  const parsed = ContactDraft.safeParse(draft);
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
