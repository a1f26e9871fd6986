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
