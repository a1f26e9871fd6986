// Close's input rules for contacts, leads and notes, with zod: unknown keys are refused,
// lists hold at most 100 items, names and titles at most 1000 characters, emails and phones
// must be valid. Failures become `field-errors` that name the field and never quote the
// submitted value (it may be personal data).
import { z } from "zod";
import type { CustomFieldDefinition, UserDefinition } from "./config.ts";
import {
  type CustomFieldChange,
  isCustomFieldKey,
  parseCustomFieldEntry,
} from "./custom-fields.ts";
import type { FieldErrors } from "./errors.ts";
import { normalizePhone } from "./phones.ts";
import type { ContactEmail, ContactPhone, ContactUrl, LeadAddress } from "./records/types.ts";

const TEXT_LIMIT = 1000;
const LIST_LIMIT = 100;
// Deliberately loose, like Close: something@something.tld, without spaces.
const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** What validation needs to know about the organization. */
export type ValidationContext = {
  country: string;
  customFields: CustomFieldDefinition[];
  /** Who user-type custom fields may name. */
  members: readonly UserDefinition[];
};

/** Either the parsed input or the field errors that refuse it. */
export type Validated<T> = { ok: true; value: T } | { ok: false; errors: FieldErrors };

/** Text of at most 1000 characters, or null. */
export const ShortText = z
  .string({ error: "Not a valid string." })
  .max(TEXT_LIMIT, { error: `Ensure this field has no more than ${TEXT_LIMIT} characters.` })
  .nullable();

/** Text of any length, or null. */
export const LongText = z.string({ error: "Not a valid string." }).nullable();

/** An object id. */
export const Id = z.string({ error: "Not a valid id." }).min(1, { error: "Not a valid id." });

/** A list of at most 100 items, as Close takes for emails, phones, urls and addresses. */
function listOf<T extends z.ZodType>(item: T) {
  return z
    .array(item, { error: "Not a valid list." })
    .max(LIST_LIMIT, { error: `Ensure this field has no more than ${LIST_LIMIT} items.` });
}

/** An object item of such a list; keys it does not know are refused. */
function itemOf<T extends z.ZodRawShape>(shape: T) {
  return z.strictObject(shape, {
    error: (issue) =>
      issue.code === "unrecognized_keys"
        ? "Unknown field in an item."
        : "Each item must be an object.",
  });
}

const ItemType = z
  .string({ error: "Not a valid string." })
  .max(TEXT_LIMIT, { error: `Ensure this field has no more than ${TEXT_LIMIT} characters.` })
  .optional();

const EmailItem = itemOf({
  email: z
    .string({ error: "An email address is required." })
    .trim()
    .regex(EMAIL_PATTERN, { error: "Invalid email address." }),
  type: ItemType,
  // Read-only in Close's answers; tolerated so that an answer can be sent back as is.
  is_unsubscribed: z.unknown().optional(),
});

const PhoneItem = itemOf({
  phone: z.string({ error: "A phone number is required." }),
  type: ItemType,
  // Read-only in Close's answers; tolerated so that an answer can be sent back as is.
  country: z.unknown().optional(),
  phone_formatted: z.unknown().optional(),
});

const UrlItem = itemOf({
  url: z.string({ error: "A URL is required." }).min(1, { error: "A URL is required." }),
  type: ItemType,
});

const OptionalText = z.string({ error: "Not a valid string." }).nullable().optional();

const AddressItem = itemOf({
  label: OptionalText,
  address_1: OptionalText,
  address_2: OptionalText,
  city: OptionalText,
  state: OptionalText,
  zipcode: OptionalText,
  country: OptionalText,
});

const TimeZone = z
  .string({ error: "Not a valid string." })
  .refine(isTimeZone, { error: "Not a known IANA timezone." })
  .nullable();

/** A date and time (anything Date.parse reads), or null. */
export const Timestamp = z
  .string({ error: "Not a valid date and time." })
  .refine((value) => !Number.isNaN(Date.parse(value)), { error: "Not a valid date and time." })
  .nullable();

function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: value });
    return true;
  } catch {
    // Intl throws a RangeError for an unknown zone: that is the answer, not a failure.
    return false;
  }
}

/** The fields of a contact in a create or update request. */
export type ContactInput = {
  name?: string | null;
  title?: string | null;
  lead_id?: string;
  emails?: ContactEmail[];
  phones?: ContactPhone[];
  urls?: ContactUrl[];
  timezone?: string | null;
  custom: CustomFieldChange[];
};

/** Where contact fields come from: their own endpoint, or nested in a new lead. */
export type ContactInputMode = "create" | "update" | "nested";

/** Validates a contact body (`POST`/`PUT /contact/`, or one of a new lead's `contacts`). */
export function parseContactInput(
  body: Record<string, unknown>,
  mode: ContactInputMode,
  context: ValidationContext,
): Validated<ContactInput> {
  const schemas: Record<string, z.ZodType> = {
    name: ShortText,
    title: ShortText,
    emails: listOf(EmailItem),
    phones: listOf(PhoneItem),
    urls: listOf(UrlItem),
    timezone: TimeZone,
    ...(mode === "nested" ? {} : { lead_id: Id }),
  };
  const { values, custom, errors } = parseFields(
    body,
    schemas,
    context.customFields,
    [],
    context.members,
  );
  const input: ContactInput = { custom };
  for (const [key, value] of values) {
    switch (key) {
      case "name":
      case "title":
      case "timezone":
        input[key] = value as string | null;
        break;
      case "lead_id":
        input.lead_id = value as string;
        break;
      case "emails":
        input.emails = (value as z.infer<typeof EmailItem>[]).map((item) => ({
          email: item.email,
          is_unsubscribed: false,
          type: item.type ?? "office",
        }));
        break;
      case "urls":
        input.urls = (value as z.infer<typeof UrlItem>[]).map((item) => ({
          url: item.url,
          type: item.type ?? "url",
        }));
        break;
      case "phones": {
        const phones = normalizePhones(value as z.infer<typeof PhoneItem>[], context.country);
        if (phones) input.phones = phones;
        else errors.phones = "Invalid phone number.";
        break;
      }
    }
  }
  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, value: input };
}

function normalizePhones(
  items: z.infer<typeof PhoneItem>[],
  country: string,
): ContactPhone[] | null {
  const phones: ContactPhone[] = [];
  for (const item of items) {
    const normalized = normalizePhone(item.phone, country);
    if (!normalized) return null;
    phones.push({ ...normalized, type: item.type ?? "office" });
  }
  return phones;
}

/** The fields of a lead in a create or update request. */
export type LeadInput = {
  name?: string | null;
  description?: string | null;
  url?: string | null;
  status_id?: string;
  status?: string;
  addresses?: LeadAddress[];
  contacts?: ContactInput[];
  custom: CustomFieldChange[];
};

/** Validates a lead body; `contacts` are only taken on create, like Close. */
export function parseLeadInput(
  body: Record<string, unknown>,
  mode: "create" | "update",
  context: ValidationContext & { contactCustomFields: CustomFieldDefinition[] },
): Validated<LeadInput> {
  const schemas: Record<string, z.ZodType> = {
    name: ShortText,
    description: LongText,
    url: LongText,
    status_id: Id,
    status: z.string({ error: "Not a valid string." }),
    addresses: listOf(AddressItem),
    contacts: listOf(z.unknown()),
  };
  const { values, custom, errors } = parseFields(
    body,
    schemas,
    context.customFields,
    [],
    context.members,
  );
  const input: LeadInput = { custom };
  for (const [key, value] of values) {
    switch (key) {
      case "name":
      case "description":
      case "url":
        input[key] = value as string | null;
        break;
      case "status_id":
      case "status":
        input[key] = value as string;
        break;
      case "addresses":
        input.addresses = (value as z.infer<typeof AddressItem>[]).map((item) => ({
          label: item.label ?? null,
          address_1: item.address_1 ?? null,
          address_2: item.address_2 ?? null,
          city: item.city ?? null,
          state: item.state ?? null,
          zipcode: item.zipcode ?? null,
          country: item.country ?? null,
        }));
        break;
      case "contacts": {
        if (mode === "update") {
          errors.contacts = "Contacts cannot be changed through a lead: use the contact endpoints.";
          break;
        }
        const nested = parseNestedContacts(value as unknown[], {
          country: context.country,
          customFields: context.contactCustomFields,
          members: context.members,
        });
        if (nested.ok) input.contacts = nested.value;
        else errors.contacts = nested.message;
        break;
      }
    }
  }
  if (input.status !== undefined && input.status_id !== undefined) {
    errors.status = "Send either status or status_id, not both.";
  }
  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, value: input };
}

function parseNestedContacts(
  items: unknown[],
  context: ValidationContext,
): { ok: true; value: ContactInput[] } | { ok: false; message: string } {
  const contacts: ContactInput[] = [];
  for (const [index, item] of items.entries()) {
    if (typeof item !== "object" || item === null || Array.isArray(item)) {
      return { ok: false, message: `Contact ${index + 1}: not an object.` };
    }
    const parsed = parseContactInput(item as Record<string, unknown>, "nested", context);
    if (!parsed.ok) {
      const [field, message] = Object.entries(parsed.errors)[0] ?? ["contact", "Invalid."];
      return { ok: false, message: `Contact ${index + 1}, ${field}: ${message}` };
    }
    contacts.push(parsed.value);
  }
  return { ok: true, value: contacts };
}

/** The fields of a new note. */
export type NoteInput = {
  lead_id: string;
  contact_id: string | null;
  note: string | null;
  note_html: string | null;
  title: string | null;
  pinned: boolean;
  activity_at: string | null;
};

// The note fields both a create and an update take.
const NOTE_FIELDS: Record<string, z.ZodType> = {
  contact_id: Id.nullable(),
  note: LongText,
  note_html: LongText,
  title: ShortText,
  pinned: z.boolean({ error: "Not a valid boolean." }).nullable(),
  activity_at: Timestamp,
};

// Fields Close's note endpoints document that the simulator does not implement: refused by
// name rather than ignored.
const NOTE_FIELDS_NOT_SIMULATED = {
  create: ["attachments", "created_by_id", "date_created", "organization_id", "user_id"],
  update: ["attachments"],
} as const;

/** Validates a `POST /activity/note/` body. */
export function parseNoteInput(body: Record<string, unknown>): Validated<NoteInput> {
  const { values, errors } = parseFields(
    body,
    { lead_id: Id, ...NOTE_FIELDS },
    [],
    NOTE_FIELDS_NOT_SIMULATED.create,
  );
  const fields = Object.fromEntries(values);
  if (fields.lead_id === undefined && errors.lead_id === undefined) {
    errors.lead_id = "This field is required.";
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return {
    ok: true,
    value: {
      lead_id: fields.lead_id as string,
      contact_id: (fields.contact_id as string | null | undefined) ?? null,
      note: (fields.note as string | null | undefined) ?? null,
      note_html: (fields.note_html as string | null | undefined) ?? null,
      title: (fields.title as string | null | undefined) ?? null,
      pinned: (fields.pinned as boolean | null | undefined) ?? false,
      activity_at: (fields.activity_at as string | null | undefined) ?? null,
    },
  };
}

/** The fields of a note update: only those sent (a note cannot move to another lead). */
export type NoteUpdate = Partial<Omit<NoteInput, "lead_id">>;

/** Validates a `PUT /activity/note/{id}/` body. */
export function parseNoteUpdate(body: Record<string, unknown>): Validated<NoteUpdate> {
  const { values, errors } = parseFields(body, NOTE_FIELDS, [], NOTE_FIELDS_NOT_SIMULATED.update);
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, value: Object.fromEntries(values) as NoteUpdate };
}

/**
 * Checks each key of `body` against its schema (unknown keys are errors, and keys in
 * `notSimulated` say that the simulator does not support them), and reads the `custom.*` keys
 * against `customFields` (user-type ones naming `members`).
 */
export function parseFields(
  body: Record<string, unknown>,
  schemas: Record<string, z.ZodType>,
  customFields: readonly CustomFieldDefinition[],
  notSimulated: readonly string[] = [],
  members: readonly UserDefinition[] = [],
): { values: [string, unknown][]; custom: CustomFieldChange[]; errors: FieldErrors } {
  const values: [string, unknown][] = [];
  const custom: CustomFieldChange[] = [];
  const errors: FieldErrors = {};
  for (const [key, value] of Object.entries(body)) {
    if (isCustomFieldKey(key)) {
      const parsed = parseCustomFieldEntry(key, value, customFields, members);
      if ("change" in parsed) custom.push(parsed.change);
      else errors[key] = parsed.error;
      continue;
    }
    // Object.hasOwn: a JSON key such as "__proto__" must not reach Object.prototype.
    const schema = Object.hasOwn(schemas, key) ? schemas[key] : undefined;
    if (!schema) {
      errors[key] = notSimulated.includes(key)
        ? "The simulator does not support this field."
        : "Unknown field.";
      continue;
    }
    const result = schema.safeParse(value);
    if (result.success) values.push([key, result.data]);
    else errors[key] = result.error.issues[0]?.message ?? "Invalid value.";
  }
  return { values, custom, errors };
}
