// Custom field values as Close's field types want them. Forms send only text, so a value for
// a `number` field is sent as a number; the types come from Close's custom field schema,
// read once per isolate (and again after a few minutes, when fields may have changed). The
// preview checks a draft against the same schema: an id Close does not have, a field of the
// other object, a value the field will not take.
import type { CloseClient } from "../close/client.ts";
import type { CloseCustomField } from "../close/schemas.ts";
import { findClosest } from "../closest.ts";
import type { MappingFinding } from "../map/review.ts";
import type { ContactDraft, CustomValue } from "../validate/draft.ts";

const SCHEMA_TTL_MS = 5 * 60_000;

/** The organization's custom fields, by object and id. */
type Catalog = { contact: Map<string, CloseCustomField>; lead: Map<string, CloseCustomField> };

const catalogs = new Map<string, { at: number; catalog: Catalog }>();

const byId = (fields: CloseCustomField[]) => new Map(fields.map((field) => [field.id, field]));

/** Reads (or reuses) the custom fields of contacts and leads. */
async function loadCatalog(close: CloseClient): Promise<Catalog> {
  const key = close.scope;
  const cached = catalogs.get(key);
  if (cached && Date.now() - cached.at < SCHEMA_TTL_MS) return cached.catalog;
  const [contact, lead] = await Promise.all([
    close.listCustomFields("contact"),
    close.listCustomFields("lead"),
  ]);
  const catalog = { contact: byId(contact), lead: byId(lead) };
  catalogs.set(key, { at: Date.now(), catalog });
  return catalog;
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
  const catalog = await loadCatalog(close);
  return {
    ...draft,
    custom: coerceAll(draft.custom, catalog.contact),
    lead: { ...draft.lead, custom: coerceAll(draft.lead.custom, catalog.lead) },
  };
}

/** `cf_x (Name)`, as findings name a field. */
function describeField(field: CloseCustomField): string {
  return field.name ? `${field.id} (${field.name})` : field.id;
}

/** What Close will not take of one value of a known field. */
function reviewValue(
  value: CustomValue,
  field: CloseCustomField,
  target: string,
): MappingFinding[] {
  const findings: MappingFinding[] = [];
  const items = Array.isArray(value) ? value : [value];
  if (items.length > 1 && !field.accepts_multiple_values) {
    findings.push({
      kind: "dropped",
      field: target,
      problem: `${describeField(field)} takes one value: only the first of ${items.length} is sent`,
    });
  }
  const sent = field.accepts_multiple_values ? items : items.slice(0, 1);
  for (const item of sent) {
    const text = String(item);
    if (field.type === "number" && typeof item !== "number" && !NUMBER.test(text)) {
      findings.push({
        kind: "custom_field_value",
        field: target,
        problem: `${describeField(field)} is a number field: Close will refuse "${text}"`,
      });
    }
    if (field.type === "choices" && field.choices && !field.choices.includes(text)) {
      findings.push({
        kind: "custom_field_value",
        field: target,
        problem: `"${text}" is not one of the choices of ${describeField(field)} (${field.choices.join(", ")}): Close will refuse it`,
      });
    }
  }
  return findings;
}

/** The findings for the custom fields of one object (`custom` or `lead.custom`). */
function reviewObject(
  values: Record<string, CustomValue>,
  own: Map<string, CloseCustomField>,
  other: Map<string, CloseCustomField>,
  prefix: "custom" | "lead.custom",
): MappingFinding[] {
  const object = prefix === "custom" ? "contact" : "lead";
  const otherPrefix = prefix === "custom" ? "lead.custom" : "custom";
  return Object.entries(values).flatMap(([id, value]): MappingFinding[] => {
    const target = `fields.${prefix}.${id}`;
    const field = own.get(id);
    if (field) return reviewValue(value, field, target);
    const elsewhere = other.get(id);
    if (elsewhere) {
      return [
        {
          kind: "unknown_custom_field",
          field: target,
          problem: `${describeField(elsewhere)} is a ${object === "contact" ? "lead" : "contact"} custom field: map it as "${otherPrefix}.${id}"; Close would refuse the delivery as it is`,
        },
      ];
    }
    const closest = findClosest(id, own.keys());
    const closestField = closest ? own.get(closest) : undefined;
    const known = [...own.values()].map(describeField).join(", ") || "none";
    return [
      {
        kind: "unknown_custom_field",
        field: target,
        problem: `Close has no ${object} custom field ${id}: it would refuse the delivery ("Unknown custom field").${closestField ? ` Did you mean ${describeField(closestField)}?` : ""} Its ${object} custom fields: ${known}.`,
      },
    ];
  });
}

/**
 * Checks a draft's custom fields against the organization's: ids Close does not have, fields of
 * the other object, values a field will not take or keeps only one of.
 */
export async function reviewCustomFields(
  close: CloseClient,
  draft: ContactDraft,
): Promise<MappingFinding[]> {
  if (Object.keys(draft.custom).length === 0 && Object.keys(draft.lead.custom).length === 0) {
    return [];
  }
  const catalog = await loadCatalog(close);
  return [
    ...reviewObject(draft.custom, catalog.contact, catalog.lead, "custom"),
    ...reviewObject(draft.lead.custom, catalog.lead, catalog.contact, "lead.custom"),
  ];
}
