// Close API shapes (close-api.md, close-openapi.yml): every answer close-bridge reads is parsed
// with one of these. They name the fields the bridge uses and let Close add others.
import * as z from "../zod.ts";

/** An email of a Close contact. */
export const CloseEmail = z.looseObject({ email: z.string(), type: z.nullish(z.string()) });
/** A phone of a Close contact (E.164 in `phone`). */
export const ClosePhone = z.looseObject({ phone: z.string(), type: z.nullish(z.string()) });
/** A URL of a Close contact. */
export const CloseUrl = z.looseObject({ url: z.string(), type: z.nullish(z.string()) });

/** A Close contact, as `POST/GET/PUT /contact/` and `data/search` answer it. */
export const CloseContact = z.looseObject({
  id: z.string().check(z.startsWith("cont_")),
  lead_id: z.string().check(z.startsWith("lead_")),
  name: z.nullish(z.string()),
  title: z.nullish(z.string()),
  emails: z._default(z.array(CloseEmail), []),
  phones: z._default(z.array(ClosePhone), []),
  urls: z._default(z.array(CloseUrl), []),
  date_created: z.optional(z.string()),
});
export type CloseContact = z.infer<typeof CloseContact>;

/** A Close lead; `contacts` is present on create and get. */
export const CloseLead = z.looseObject({
  id: z.string().check(z.startsWith("lead_")),
  name: z.nullish(z.string()),
  status_id: z.nullish(z.string()),
  date_created: z.nullish(z.string()),
  contacts: z.optional(z.array(CloseContact)),
});
export type CloseLead = z.infer<typeof CloseLead>;

/** A note activity on a lead. */
export const CloseNote = z.looseObject({
  id: z.string().check(z.startsWith("acti_")),
  lead_id: z.string(),
  note: z.nullish(z.string()),
  date_created: z.optional(z.string()),
});
export type CloseNote = z.infer<typeof CloseNote>;

/** A page of a list endpoint. */
export function ClosePage<T extends z.ZodMiniType>(item: T) {
  return z.looseObject({ data: z.array(item), has_more: z.optional(z.boolean()) });
}

/** The answer of `POST /data/search/`. */
export function CloseSearchAnswer<T extends z.ZodMiniType>(item: T) {
  return z.looseObject({ data: z.array(item), cursor: z.nullish(z.string()) });
}

/** The body of Close's 4xx answers: `field-errors` name what Close refused. */
export const CloseErrorBody = z.looseObject({
  error: z.optional(z.string()),
  errors: z.optional(z.array(z.unknown())),
  "field-errors": z.optional(z.record(z.string(), z.unknown())),
});
export type CloseErrorBody = z.infer<typeof CloseErrorBody>;

/**
 * A custom field's definition, as `GET /custom_field_schema/{lead|contact}/` and
 * `/custom_field/activity/` list it.
 */
export const CloseCustomField = z.looseObject({
  id: z.string().check(z.startsWith("cf_")),
  name: z.nullish(z.string()),
  type: z.string(),
  accepts_multiple_values: z.nullish(z.boolean()),
  /** The values a `choices` field takes. */
  choices: z.nullish(z.array(z.string())),
  /** Activity fields: the type they belong to, and whether publishing needs them. */
  custom_activity_type_id: z.nullish(z.string()),
  required: z.nullish(z.boolean()),
});
export type CloseCustomField = z.infer<typeof CloseCustomField>;

/** The answer of `GET /custom_field_schema/{lead|contact}/`. */
export const CloseCustomFieldSchema = z.looseObject({ fields: z.array(CloseCustomField) });

/** The key's user and its organization (`GET /me/`). */
export const CloseMe = z.looseObject({
  id: z.string(),
  email: z.nullish(z.string()),
  organizations: z._default(
    z.array(z.looseObject({ id: z.string(), name: z.nullish(z.string()) })),
    [],
  ),
});
export type CloseMe = z.infer<typeof CloseMe>;

/** A member of the organization (`GET /user/`). */
export const CloseUser = z.looseObject({
  id: z.string().check(z.startsWith("user_")),
  email: z.nullish(z.string()),
  first_name: z.nullish(z.string()),
  last_name: z.nullish(z.string()),
});
export type CloseUser = z.infer<typeof CloseUser>;

/** A lead status (`GET /status/lead/`). */
export const CloseLeadStatus = z.looseObject({ id: z.string(), label: z.string() });
export type CloseLeadStatus = z.infer<typeof CloseLeadStatus>;

/** An opportunity status: active, won or lost, in a pipeline (`GET /status/opportunity/`). */
export const CloseOpportunityStatus = z.looseObject({
  id: z.string(),
  label: z.string(),
  type: z.nullish(z.string()),
  pipeline_id: z.nullish(z.string()),
});
export type CloseOpportunityStatus = z.infer<typeof CloseOpportunityStatus>;

/** A custom activity type with its fields' metadata (no choices: `/custom_field/activity/`). */
export const CloseActivityType = z.looseObject({
  id: z.string(),
  name: z.string(),
  fields: z._default(
    z.array(
      z.looseObject({
        id: z.string(),
        name: z.nullish(z.string()),
        type: z.string(),
        required: z.nullish(z.boolean()),
        accepts_multiple_values: z.nullish(z.boolean()),
      }),
    ),
    [],
  ),
});
export type CloseActivityType = z.infer<typeof CloseActivityType>;

/** A task (`POST/GET /task/`). */
export const CloseTask = z.looseObject({
  id: z.string().check(z.startsWith("task_")),
  lead_id: z.nullish(z.string()),
  text: z.nullish(z.string()),
  assigned_to: z.nullish(z.string()),
});
export type CloseTask = z.infer<typeof CloseTask>;

/** An instance of a custom activity type, its fields as `custom.cf_` keys. */
export const CloseCustomActivity = z.looseObject({
  id: z.string().check(z.minLength(1)),
  lead_id: z.string(),
  custom_activity_type_id: z.nullish(z.string()),
});
export type CloseCustomActivity = z.infer<typeof CloseCustomActivity>;

/** An opportunity (`POST/GET /opportunity/`). */
export const CloseOpportunity = z.looseObject({
  id: z.string().check(z.startsWith("oppo_")),
  lead_id: z.string(),
  note: z.nullish(z.string()),
  status_id: z.nullish(z.string()),
});
export type CloseOpportunity = z.infer<typeof CloseOpportunity>;

// Request bodies: what close-bridge sends, built as these types and checked with these schemas
// by the client before it sends them, as answers are parsed when they come back.

/** A custom field's value as Close takes it: text, a number, a yes/no, or a list. */
export const CloseCustomValue = z.union([
  z.string(),
  z.number(),
  z.boolean(),
  z.array(z.union([z.string(), z.number()])),
]);
export type CloseCustomValue = z.infer<typeof CloseCustomValue>;

/** Custom field values of a request body, keyed `custom.cf_...` as Close takes them. */
export type CloseCustomValues = { [key: `custom.${string}`]: CloseCustomValue };

const CUSTOM_KEY = /^custom\.cf_[A-Za-z0-9]+$/;

/** A body whose other keys are all `custom.cf_...` ones with a value Close takes. */
function withCustomValues<T extends z.core.$ZodLooseShape>(shape: T) {
  return z
    .looseObject(shape)
    .check(
      z.refine(
        (body) =>
          Object.entries(body).every(
            ([key, value]) =>
              key in shape || (CUSTOM_KEY.test(key) && CloseCustomValue.safeParse(value).success),
          ),
        "has a key that is neither a field nor a custom.cf_... value",
      ),
    );
}

/** The contact fields a request body sets. */
const contactFields = {
  name: z.optional(z.string()),
  title: z.optional(z.string()),
  emails: z.optional(
    z.array(
      z.object({
        email: z.string(),
        type: z.string(),
        is_unsubscribed: z.optional(z.boolean()),
      }),
    ),
  ),
  phones: z.optional(z.array(z.object({ phone: z.string(), type: z.string() }))),
  urls: z.optional(z.array(z.object({ url: z.string(), type: z.string() }))),
  timezone: z.optional(z.string()),
};

/** The body of `PUT /contact/{id}/`: only the fields that change (lists sent whole). */
export const CloseContactUpdate = withCustomValues(contactFields);
export type CloseContactUpdate = z.infer<z.ZodMiniObject<typeof contactFields>> & CloseCustomValues;

/** The body of `POST /contact/`, on a lead (`lead_id`) or on a new lead Close names after it. */
export const CloseContactCreate = withCustomValues({
  ...contactFields,
  lead_id: z.optional(z.string().check(z.startsWith("lead_"))),
});
export type CloseContactCreate = CloseContactUpdate & { lead_id?: string };

const leadFields = {
  name: z.optional(z.string()),
  url: z.optional(z.string()),
  description: z.optional(z.string()),
};

/** The body of `POST /lead/`: the lead's fields and its first contact nested. */
export const CloseLeadCreate = withCustomValues({
  ...leadFields,
  contacts: z.optional(z.array(CloseContactUpdate)),
});
export type CloseLeadCreate = z.infer<z.ZodMiniObject<typeof leadFields>> &
  CloseCustomValues & { contacts?: CloseContactUpdate[] };

const leadUpdateFields = {
  ...leadFields,
  /** Routing's status for a new lead (a status label resolved to its id). */
  status_id: z.optional(z.string().check(z.startsWith("stat_"))),
};

/** The body of `PUT /lead/{id}/`. */
export const CloseLeadUpdate = withCustomValues(leadUpdateFields);
export type CloseLeadUpdate = z.infer<z.ZodMiniObject<typeof leadUpdateFields>> & CloseCustomValues;

/** The body of `POST /activity/note/`. */
export const CloseNoteCreate = z.strictObject({
  lead_id: z.string().check(z.startsWith("lead_")),
  contact_id: z.optional(z.string().check(z.startsWith("cont_"))),
  note: z.string(),
});
export type CloseNoteCreate = z.infer<typeof CloseNoteCreate>;

/** A `data/search` clause (close-api.md, "Advanced filtering"): a tree the client builds. */
export type CloseSearchClause = { type: string; [key: string]: unknown };

/** The body of `POST /data/search/`. */
export const CloseSearchRequest = z.strictObject({
  query: z.looseObject({ type: z.string() }),
  _fields: z.record(z.string(), z.array(z.string())),
  _limit: z.number().check(z.int(), z.minimum(1)),
});
export type CloseSearchRequest = z.infer<typeof CloseSearchRequest>;

/** The body of `POST /task/`: a lead task (the only kind close-bridge makes). */
export const CloseTaskCreate = z.strictObject({
  _type: z.literal("lead"),
  lead_id: z.string().check(z.startsWith("lead_")),
  text: z.string(),
  /** A date and time (ISO 8601). */
  date: z.string(),
  assigned_to: z.optional(z.string().check(z.startsWith("user_"))),
});
export type CloseTaskCreate = z.infer<typeof CloseTaskCreate>;

const customActivityFields = {
  custom_activity_type_id: z.string(),
  lead_id: z.string().check(z.startsWith("lead_")),
  contact_id: z.optional(z.string().check(z.startsWith("cont_"))),
  activity_at: z.optional(z.string()),
};

/** The body of `POST /activity/custom/`: the type, the lead, its fields as `custom.cf_` keys. */
export const CloseCustomActivityCreate = withCustomValues(customActivityFields);
export type CloseCustomActivityCreate = z.infer<z.ZodMiniObject<typeof customActivityFields>> &
  CloseCustomValues;

/** The body of `POST /opportunity/` (Close's `CreateOpportunity`, the fields routing sets). */
export const CloseOpportunityCreate = z.strictObject({
  lead_id: z.string().check(z.startsWith("lead_")),
  status_id: z.string().check(z.startsWith("stat_")),
  note: z.string(),
  value_period: z.enum(["one_time", "monthly", "annual"]),
  /** In cents. */
  value: z.optional(z.number().check(z.int())),
  confidence: z.optional(z.number().check(z.int())),
  contact_id: z.optional(z.string().check(z.startsWith("cont_"))),
  user_id: z.optional(z.string().check(z.startsWith("user_"))),
});
export type CloseOpportunityCreate = z.infer<typeof CloseOpportunityCreate>;

/** The body of `POST /unsubscribe/email/`. */
export const CloseUnsubscribe = z.strictObject({ email: z.string() });
export type CloseUnsubscribe = z.infer<typeof CloseUnsubscribe>;
