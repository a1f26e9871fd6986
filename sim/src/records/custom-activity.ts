// Custom activity types (from `CUSTOM_ACTIVITY_TYPES`) as `GET /custom_activity/` answers them,
// and building their instances. A published instance needs every required field of its type;
// a draft does not (close-routing.md section 6).

import type { CustomActivityTypeDefinition } from "../config.ts";
import { applyCustomFieldChanges } from "../custom-fields.ts";
import type { FieldErrors } from "../errors.ts";
import { generateId, ORGANIZATION_ID, USER_ID } from "../ids.ts";
import type { CustomActivityInput } from "../validate-followups.ts";
import { createdBy } from "./authorship.ts";
import type { CustomActivity } from "./types.ts";

// The types come from configuration, so they have no real creation date.
const DEFINED_AT = "2024-01-01T00:00:00.000000+00:00";

/**
 * A type as Close lists it: its fields' metadata without their `choices` (a documented quirk:
 * the choices are read from `/custom_field/activity/`).
 */
export function presentActivityType(type: CustomActivityTypeDefinition): Record<string, unknown> {
  return {
    id: type.id,
    name: type.name,
    description: type.description,
    api_create_only: type.api_create_only,
    editable_with_roles: [],
    fields: type.fields.map((field) => ({
      id: field.id,
      name: field.name,
      description: null,
      type: field.type,
      required: field.required,
      accepts_multiple_values: field.accepts_multiple_values,
      is_shared: false,
      editable_with_roles: [],
    })),
    organization_id: ORGANIZATION_ID,
    created_by: USER_ID,
    updated_by: USER_ID,
    date_created: DEFINED_AT,
    date_updated: DEFINED_AT,
  };
}

/** Who performed the activity. */
export type ActivityUser = { id: string; name: string };

/** Builds a new custom activity from validated input of a type. */
export function buildCustomActivity(
  input: CustomActivityInput,
  user: ActivityUser,
  now: string,
): CustomActivity {
  const activity: CustomActivity = {
    id: generateId("acti"),
    _type: "CustomActivity",
    custom_activity_type_id: input.custom_activity_type_id,
    lead_id: input.lead_id,
    contact_id: input.contact_id ?? null,
    user_id: user.id,
    user_name: user.name,
    users: [],
    status: input.status ?? "published",
    pinned: input.pinned ?? false,
    activity_at: input.activity_at ?? now,
    ...createdBy(now),
  };
  return applyCustomFieldChanges(activity, input.custom);
}

/** The required fields a published activity lacks (none for a draft). */
export function findMissingRequiredFields(
  activity: CustomActivity,
  type: CustomActivityTypeDefinition,
): FieldErrors {
  if (activity.status === "draft") return {};
  const errors: FieldErrors = {};
  for (const field of type.fields) {
    const key = `custom.${field.id}` as const;
    const value = activity[key];
    if (field.required && (value === undefined || value === null || value === "")) {
      errors[key] = "This field is required.";
    }
  }
  return errors;
}
