// Custom field values as Close's field types want them. Forms send only text, so a value for
// a `number` field is sent as a number; the types come from Close's custom field schema,
// read once per isolate (and again after a few minutes, when fields may have changed).
import type { CloseClient } from "../close/client.ts";
import type { CloseCustomField } from "../close/schemas.ts";
import type { ContactDraft, CustomValue } from "../validate/draft.ts";

const SCHEMA_TTL_MS = 5 * 60_000;

type Catalog = { at: number; fields: Map<string, CloseCustomField> };
const catalogs = new Map<string, Catalog>();

/** Reads (or reuses) the custom fields of contacts and leads. */
async function loadCatalog(close: CloseClient): Promise<Map<string, CloseCustomField>> {
  const key = close.scope;
  const cached = catalogs.get(key);
  if (cached && Date.now() - cached.at < SCHEMA_TTL_MS) return cached.fields;
  const [contact, lead] = await Promise.all([
    close.listCustomFields("contact"),
    close.listCustomFields("lead"),
  ]);
  const fields = new Map([...contact, ...lead].map((field) => [field.id, field]));
  catalogs.set(key, { at: Date.now(), fields });
  return fields;
}

const NUMBER = /^\s*-?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?\s*$/;

/** One value as a field of `type` takes it: numeric text becomes a number for `number` fields. */
export function coerceCustomValue(
  value: CustomValue,
  field: CloseCustomField | undefined,
): CustomValue {
  if (!field) return value;
  const one = (item: string | number | boolean) =>
    field.type === "number" && typeof item === "string" && NUMBER.test(item) ? Number(item) : item;
  if (Array.isArray(value)) {
    const items = value.map((item) => one(item) as string | number);
    return field.accepts_multiple_values ? items : (items[0] ?? "");
  }
  const single = one(value);
  return field.accepts_multiple_values && typeof single !== "boolean" ? [single] : single;
}

function coerceAll(values: Record<string, CustomValue>, fields: Map<string, CloseCustomField>) {
  return Object.fromEntries(
    Object.entries(values).map(([id, value]) => [id, coerceCustomValue(value, fields.get(id))]),
  );
}

/** The draft with its custom field values typed for Close (unchanged when it has none). */
export async function typeCustomFields(
  close: CloseClient,
  draft: ContactDraft,
): Promise<ContactDraft> {
  if (Object.keys(draft.custom).length === 0 && Object.keys(draft.lead.custom).length === 0) {
    return draft;
  }
  const fields = await loadCatalog(close);
  return {
    ...draft,
    custom: coerceAll(draft.custom, fields),
    lead: { ...draft.lead, custom: coerceAll(draft.lead.custom, fields) },
  };
}
