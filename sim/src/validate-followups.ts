// Close's input rules for what follows a lead (close-routing.md): tasks, custom activities,
// opportunities, lead statuses and unsubscribed emails. As in validate.ts, unknown keys are
// refused, documented fields the simulator does not implement are refused by name, and field
// messages never quote the submitted value.
import { z } from "zod";
import { formatCloseTimestamp } from "./clock.ts";
import type { CustomFieldDefinition, UserDefinition } from "./config.ts";
import type { CustomFieldChange } from "./custom-fields.ts";
import type { FieldErrors } from "./errors.ts";
import type { ValuePeriod } from "./records/types.ts";
import { Id, LongText, parseFields, Timestamp, type Validated } from "./validate.ts";

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * A task's `date`: a date (`2015-01-05`) or a date and time, answered back as a date or in
 * Close's timestamp format (UTC).
 */
const TaskDate = z
  .string({ error: "Not a valid date or date and time." })
  .refine((value) => !Number.isNaN(Date.parse(value)), {
    error: "Not a valid date or date and time.",
  })
  .transform((value) =>
    DATE_ONLY.test(value) ? value : formatCloseTimestamp(new Date(Date.parse(value))),
  )
  .nullable();

const Flag = z.boolean({ error: "Not a valid boolean." }).nullable();

/** The fields of a new task. */
export type TaskInput = {
  lead_id: string;
  assigned_to?: string | null;
  text?: string | null;
  date?: string | null;
  is_complete?: boolean | null;
};

// Fields Close documents on tasks (on create, or only on update) that the simulator does not
// implement: refused by name rather than ignored.
const TASK_FIELDS_NOT_SIMULATED = [
  "contact_id",
  "is_dateless",
  "priority",
  "resolution",
  "due_date",
];

/** Validates a `POST /task/` body: only `lead` tasks (Close also creates `outgoing_call` ones). */
export function parseTaskInput(body: Record<string, unknown>): Validated<TaskInput> {
  const { values, errors } = parseFields(
    body,
    {
      _type: z.string({ error: "Not a valid string." }),
      lead_id: Id,
      assigned_to: Id.nullable(),
      text: LongText,
      date: TaskDate,
      is_complete: Flag,
    },
    [],
    TASK_FIELDS_NOT_SIMULATED,
  );
  const fields = Object.fromEntries(values) as Record<string, unknown>;
  if (fields._type === undefined && errors._type === undefined) {
    errors._type = "This field is required.";
  } else if (fields._type === "outgoing_call") {
    errors._type = "The simulator does not support outgoing_call tasks.";
  } else if (fields._type !== undefined && fields._type !== "lead") {
    errors._type = "Only tasks of type lead and outgoing_call can be created.";
  }
  if (fields.lead_id === undefined && errors.lead_id === undefined) {
    errors.lead_id = "This field is required.";
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  const { _type, ...input } = fields;
  return { ok: true, value: input as TaskInput };
}

/** The fields of a new custom activity, its field values read against its type. */
export type CustomActivityInput = {
  custom_activity_type_id: string;
  lead_id: string;
  contact_id?: string | null;
  user_id?: string | null;
  activity_at?: string | null;
  pinned?: boolean | null;
  status?: "draft" | "published";
  custom: CustomFieldChange[];
};

const ACTIVITY_FIELDS_NOT_SIMULATED = [
  "created_by_id",
  "organization_id",
  "date_created",
  // Typed in the OpenAPI, but how its keys are spelled is not documented: flat keys instead.
  "custom_fields",
];

/** Validates a `POST /activity/custom/` body against the fields of its type. */
export function parseCustomActivityInput(
  body: Record<string, unknown>,
  typeFields: readonly CustomFieldDefinition[],
  members: readonly UserDefinition[],
): Validated<CustomActivityInput> {
  const { values, custom, errors } = parseFields(
    body,
    {
      custom_activity_type_id: Id,
      lead_id: Id,
      contact_id: Id.nullable(),
      user_id: Id.nullable(),
      activity_at: Timestamp,
      pinned: Flag,
      status: z.enum(["draft", "published"], { error: "Must be draft or published." }),
    },
    typeFields,
    ACTIVITY_FIELDS_NOT_SIMULATED,
    members,
  );
  const fields = Object.fromEntries(values) as Record<string, unknown>;
  for (const required of ["custom_activity_type_id", "lead_id"]) {
    if (fields[required] === undefined && errors[required] === undefined) {
      errors[required] = "This field is required.";
    }
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, value: { ...(fields as Omit<CustomActivityInput, "custom">), custom } };
}

/** The fields of a new opportunity. */
export type OpportunityInput = {
  lead_id: string;
  contact_id?: string | null;
  user_id?: string | null;
  status_id?: string | null;
  pipeline_id?: string | null;
  value?: number | null;
  value_period?: ValuePeriod | null;
  confidence?: number | null;
  note?: string | null;
  date_won?: string | null;
};

const OPPORTUNITY_FIELDS_NOT_SIMULATED = [
  "attachments",
  "custom_fields",
  "created_by",
  "date_created",
  // Setting the status by label: deprecated by Close in favour of status_id.
  "status",
];

/** Validates a `POST /opportunity/` body (`lead_id` may be absent: a new lead is made). */
export function parseOpportunityInput(
  body: Record<string, unknown>,
): Validated<Omit<OpportunityInput, "lead_id"> & { lead_id?: string | null }> {
  const { values, errors } = parseFields(
    body,
    {
      lead_id: Id.nullable(),
      contact_id: Id.nullable(),
      user_id: Id.nullable(),
      status_id: Id.nullable(),
      pipeline_id: Id.nullable(),
      value: z
        .number({ error: "Not a valid integer." })
        .int({ error: "Not a valid integer." })
        .nullable(),
      value_period: z
        .enum(["one_time", "monthly", "annual"], { error: "Must be one_time, monthly or annual." })
        .nullable(),
      confidence: z
        .number({ error: "Not a valid integer." })
        .int({ error: "Not a valid integer." })
        .min(0, { error: "Must be between 0 and 100." })
        .max(100, { error: "Must be between 0 and 100." })
        .nullable(),
      note: LongText,
      date_won: Timestamp,
    },
    [],
    OPPORTUNITY_FIELDS_NOT_SIMULATED,
  );
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, value: Object.fromEntries(values) };
}

/** Validates a `POST /status/lead/` body: `{label}`. */
export function parseLeadStatusInput(body: Record<string, unknown>): Validated<{ label: string }> {
  const { values, errors } = parseFields(
    body,
    {
      label: z
        .string({ error: "Not a valid string." })
        .trim()
        .min(1, { error: "This field is required." }),
    },
    [],
  );
  const label = Object.fromEntries(values).label as string | undefined;
  if (label === undefined && errors.label === undefined) errors.label = "This field is required.";
  if (Object.keys(errors).length > 0 || label === undefined) return { ok: false, errors };
  return { ok: true, value: { label } };
}

/** Validates a `POST /unsubscribe/email/` body: `{email}`, at most 500 characters. */
export function parseUnsubscribeInput(body: Record<string, unknown>): Validated<{ email: string }> {
  const { values, errors }: { values: [string, unknown][]; errors: FieldErrors } = parseFields(
    body,
    {
      email: z
        .string({ error: "Not a valid string." })
        .trim()
        .max(500, { error: "Ensure this field has no more than 500 characters." })
        .regex(/^[^\s@]+@[^\s@]+\.[^\s@]+$/, { error: "Invalid email address." }),
    },
    [],
  );
  const email = Object.fromEntries(values).email as string | undefined;
  if (email === undefined && errors.email === undefined) errors.email = "This field is required.";
  if (Object.keys(errors).length > 0 || email === undefined) return { ok: false, errors };
  return { ok: true, value: { email } };
}
