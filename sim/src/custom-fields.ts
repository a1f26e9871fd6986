// Custom fields: the organization's definitions as Close lists them, and the
// `"custom.cf_<id>"` (plus `.add` / `.remove`) keys that set their values on contacts and leads.
import type { CustomFieldDefinition, UserDefinition } from "./config.ts";
import { ORGANIZATION_ID, USER_ID } from "./ids.ts";
import type { CustomValues } from "./records/types.ts";
import { resolveUserReference } from "./users.ts";

/** The objects that carry custom fields in this simulator. */
export type CustomFieldObjectType = "contact" | "lead" | "activity";

/** The flat key a custom field's value is stored and answered under. */
export type CustomFieldKey = `custom.${string}`;

/** One requested change to a custom field value. */
export type CustomFieldChange =
  | { key: CustomFieldKey; op: "set"; value: unknown }
  | { key: CustomFieldKey; op: "unset" }
  | { key: CustomFieldKey; op: "add" | "remove"; value: unknown };

/** The result of reading one `custom.*` request key. */
export type ParsedCustomField = { change: CustomFieldChange } | { error: string };

const CUSTOM_FIELD_KEY = /^custom\.(cf_[A-Za-z0-9]+)(?:\.(add|remove))?$/;

// The definitions come from configuration, so they have no real creation date.
const DEFINED_AT = "2024-01-01T00:00:00.000000+00:00";

/** True for request keys that address custom fields (including the deprecated `custom`). */
export function isCustomFieldKey(key: string): boolean {
  return key === "custom" || key.startsWith("custom.");
}

/**
 * Reads one `custom.*` request key and its value against the object's definitions. User-type
 * values name one of `members` by id or exact full name, and are stored as the id.
 */
export function parseCustomFieldEntry(
  key: string,
  value: unknown,
  definitions: readonly CustomFieldDefinition[],
  members: readonly UserDefinition[] = [],
): ParsedCustomField {
  const match = CUSTOM_FIELD_KEY.exec(key);
  if (!match) return { error: "Set custom fields as `custom.cf_<id>` keys." };
  const [, id, operation] = match;
  const definition = definitions.find((field) => field.id === id);
  if (!definition) return { error: "Unknown custom field." };
  const storedKey: CustomFieldKey = `custom.${definition.id}`;
  const read = (item: unknown) => readSingleValue(definition, item, members);

  if (operation === "add" || operation === "remove") {
    if (!definition.accepts_multiple_values) {
      return { error: "Only fields that accept multiple values take .add and .remove." };
    }
    if (value === null || Array.isArray(value)) return { error: "Send one value at a time." };
    const item = read(value);
    return "error" in item
      ? item
      : { change: { key: storedKey, op: operation, value: item.value } };
  }
  if (value === null) return { change: { key: storedKey, op: "unset" } };
  if (definition.accepts_multiple_values) {
    if (!Array.isArray(value)) return { error: "This field accepts multiple values: send a list." };
    const items: unknown[] = [];
    for (const raw of value) {
      const item = read(raw);
      if ("error" in item) return item;
      items.push(item.value);
    }
    return { change: { key: storedKey, op: "set", value: [...new Set(items)] } };
  }
  if (Array.isArray(value)) return { error: "This field accepts a single value, not a list." };
  const item = read(value);
  return "error" in item ? item : { change: { key: storedKey, op: "set", value: item.value } };
}

/** One value as the field stores it (a user's name becomes their id), or why it does not fit. */
function readSingleValue(
  definition: CustomFieldDefinition,
  value: unknown,
  members: readonly UserDefinition[],
): { value: unknown } | { error: string } {
  if (definition.type === "user") {
    const id = typeof value === "string" ? resolveUserReference(value, members) : null;
    return id === null ? { error: "Not a valid user." } : { value: id };
  }
  const problem = checkSingleValue(definition, value);
  return problem === null ? { value } : { error: problem };
}

/** Returns why `value` does not fit the field's type, or null when it does. */
function checkSingleValue(definition: CustomFieldDefinition, value: unknown): string | null {
  switch (definition.type) {
    case "text":
    case "textarea":
    case "hidden":
      return typeof value === "string" ? null : "Not a valid string.";
    case "number":
      return typeof value === "number" && Number.isFinite(value) ? null : "Not a valid number.";
    case "choices":
      return typeof value === "string" && (definition.choices ?? []).includes(value)
        ? null
        : "Not one of the field's choices.";
    case "date":
      return typeof value === "string" && /^\d{4}-\d{2}-\d{2}$/.test(value) && isDate(value)
        ? null
        : "Not a valid date (YYYY-MM-DD).";
    case "datetime":
      return typeof value === "string" && isDate(value) ? null : "Not a valid date and time.";
    case "user":
      // Read by readSingleValue, against the organization's members.
      return null;
    case "contact":
      return typeof value === "string" && value.startsWith("cont_") ? null : "Not a contact id.";
  }
}

function isDate(value: string): boolean {
  return !Number.isNaN(Date.parse(value));
}

/** Returns `target` with the custom field changes applied in order. */
export function applyCustomFieldChanges<T extends CustomValues>(
  target: T,
  changes: CustomFieldChange[],
): T {
  const result: CustomValues = { ...target };
  for (const change of changes) {
    const current = result[change.key];
    const list = Array.isArray(current) ? (current as unknown[]) : [];
    switch (change.op) {
      case "set":
        result[change.key] = change.value;
        break;
      case "unset":
        delete result[change.key];
        break;
      case "add":
        result[change.key] = list.includes(change.value) ? list : [...list, change.value];
        break;
      case "remove":
        result[change.key] = list.filter((item) => item !== change.value);
        break;
    }
    // Close answers an emptied multi-value field as absent, like one never set.
    const after = result[change.key];
    if (Array.isArray(after) && after.length === 0) delete result[change.key];
  }
  return result as T;
}

/** The custom field object Close answers at `/custom_field/{type}/` and in schemas. */
export function presentCustomField(
  definition: CustomFieldDefinition & { required?: boolean },
  customActivityTypeId?: string,
): Record<string, unknown> {
  return {
    id: definition.id,
    name: definition.name,
    description: null,
    type: definition.type,
    ...(definition.type === "choices" ? { choices: definition.choices ?? [] } : {}),
    accepts_multiple_values: definition.accepts_multiple_values,
    ...(customActivityTypeId === undefined
      ? {}
      : { custom_activity_type_id: customActivityTypeId, required: definition.required ?? false }),
    editable_with_roles: [],
    is_shared: false,
    organization_id: ORGANIZATION_ID,
    created_by: USER_ID,
    updated_by: USER_ID,
    date_created: DEFINED_AT,
    date_updated: DEFINED_AT,
  };
}
