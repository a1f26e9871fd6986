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

/** A custom field's definition, as `GET /custom_field_schema/{lead|contact}/` lists it. */
export const CloseCustomField = z.looseObject({
  id: z.string().check(z.startsWith("cf_")),
  name: z.nullish(z.string()),
  type: z.string(),
  accepts_multiple_values: z.nullish(z.boolean()),
  /** The values a `choices` field takes. */
  choices: z.nullish(z.array(z.string())),
});
export type CloseCustomField = z.infer<typeof CloseCustomField>;

/** The answer of `GET /custom_field_schema/{lead|contact}/`. */
export const CloseCustomFieldSchema = z.looseObject({ fields: z.array(CloseCustomField) });

/** The answer of `GET /me/`: the key's user and its organizations (close-routing.md section 1). */
export const CloseMe = z.looseObject({
  id: z.optional(z.string()),
  organizations: z.optional(
    z.array(z.looseObject({ id: z.string(), name: z.nullish(z.string()) })),
  ),
});
export type CloseMe = z.infer<typeof CloseMe>;

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

/** The body of `PUT /lead/{id}/`. */
export const CloseLeadUpdate = withCustomValues(leadFields);
export type CloseLeadUpdate = z.infer<z.ZodMiniObject<typeof leadFields>> & CloseCustomValues;

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
