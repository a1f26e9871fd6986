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

/** A Close lead; `contacts` is present on create and get, custom fields as `custom.cf_` keys. */
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
 * `/custom_field/activity/` list it (older fields may keep prefixes other than `cf_`).
 */
export const CloseCustomField = z.looseObject({
  id: z.string().check(z.minLength(1)),
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
