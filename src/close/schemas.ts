// Close API shapes (close-api.md, close-openapi.yml): every answer close-bridge reads is parsed
// with one of these. They name the fields the bridge uses and let Close add others.
import { z } from "zod";

/** An email of a Close contact. */
export const CloseEmail = z.looseObject({ email: z.string(), type: z.string().nullish() });
/** A phone of a Close contact (E.164 in `phone`). */
export const ClosePhone = z.looseObject({ phone: z.string(), type: z.string().nullish() });
/** A URL of a Close contact. */
export const CloseUrl = z.looseObject({ url: z.string(), type: z.string().nullish() });

/** A Close contact, as `POST/GET/PUT /contact/` and `data/search` answer it. */
export const CloseContact = z.looseObject({
  id: z.string().startsWith("cont_"),
  lead_id: z.string().startsWith("lead_"),
  name: z.string().nullish(),
  title: z.string().nullish(),
  emails: z.array(CloseEmail).default([]),
  phones: z.array(ClosePhone).default([]),
  urls: z.array(CloseUrl).default([]),
  date_created: z.string().optional(),
});
export type CloseContact = z.infer<typeof CloseContact>;

/** A Close lead; `contacts` is present on create and get. */
export const CloseLead = z.looseObject({
  id: z.string().startsWith("lead_"),
  name: z.string().nullish(),
  contacts: z.array(CloseContact).optional(),
});
export type CloseLead = z.infer<typeof CloseLead>;

/** A note activity on a lead. */
export const CloseNote = z.looseObject({
  id: z.string().startsWith("acti_"),
  lead_id: z.string(),
  note: z.string().nullish(),
});
export type CloseNote = z.infer<typeof CloseNote>;

/** A page of a list endpoint. */
export function ClosePage<T extends z.ZodType>(item: T) {
  return z.looseObject({ data: z.array(item), has_more: z.boolean().optional() });
}

/** The answer of `POST /data/search/`. */
export function CloseSearchAnswer<T extends z.ZodType>(item: T) {
  return z.looseObject({ data: z.array(item), cursor: z.string().nullish() });
}

/** The body of Close's 4xx answers: `field-errors` name what Close refused. */
export const CloseErrorBody = z.looseObject({
  error: z.string().optional(),
  errors: z.array(z.unknown()).optional(),
  "field-errors": z.record(z.string(), z.unknown()).optional(),
});
export type CloseErrorBody = z.infer<typeof CloseErrorBody>;

/** A custom field's definition, as `GET /custom_field_schema/{lead|contact}/` lists it. */
export const CloseCustomField = z.looseObject({
  id: z.string().startsWith("cf_"),
  name: z.string().nullish(),
  type: z.string(),
  accepts_multiple_values: z.boolean().nullish(),
});
export type CloseCustomField = z.infer<typeof CloseCustomField>;

/** The answer of `GET /custom_field_schema/{lead|contact}/`. */
export const CloseCustomFieldSchema = z.looseObject({ fields: z.array(CloseCustomField) });
