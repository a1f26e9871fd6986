// Custom activity types (`GET /custom_activity/`, from `CUSTOM_ACTIVITY_TYPES`) and their
// instances (`/activity/custom/`, close-routing.md section 6): field values are flat
// `custom.cf_<id>` keys of the type's fields; a published instance needs every required field;
// listing by type needs `lead_id` too, as in Close.
import type { Hono } from "hono";
import { API_PREFIX, type AppEnv, type SimulatorDeps } from "../app-env.ts";
import { formatCloseTimestamp } from "../clock.ts";
import { objectNotFoundError, requestError, validationError } from "../errors.ts";
import { presentPage, readFieldSelection, readPageRequest, selectFields } from "../pagination.ts";
import { FIELDS_PARAMETER, LIST_PARAMETERS, readIdList, readQuery } from "../query.ts";
import {
  buildCustomActivity,
  findMissingRequiredFields,
  presentActivityType,
} from "../records/custom-activity.ts";
import { requireJsonObject } from "../request-body.ts";
import type { Condition } from "../store/objects.ts";
import { fullNameOf } from "../users.ts";
import { parseCustomActivityInput } from "../validate-followups.ts";
import { refuseNotSimulated, refuseOtherMethods } from "./allowed-methods.ts";

const TYPES = `${API_PREFIX}/custom_activity`;
const TYPE = `${TYPES}/:id`;
const COLLECTION = `${API_PREFIX}/activity/custom`;
const ITEM = `${COLLECTION}/:id`;

// Close also filters by organization, activity type and dates; the simulator does not, so
// those parameters are refused rather than ignored.
const LIST_FILTERS = [
  "id__in",
  "lead_id",
  "contact_id",
  "user_id",
  "custom_activity_type_id",
  "custom_activity_type_id__in",
] as const;

/** Registers the custom activity endpoints. */
export function registerCustomActivityRoutes(app: Hono<AppEnv>, deps: SimulatorDeps): void {
  const types = deps.config.CUSTOM_ACTIVITY_TYPES;

  // "All Custom Activity Types, including their Custom Field metadata": no pagination.
  app.get(TYPES, (c) => {
    const query = readQuery(c, FIELDS_PARAMETER);
    const fields = readFieldSelection(query);
    return c.json({ data: types.map((type) => selectFields(presentActivityType(type), fields)) });
  });

  refuseNotSimulated(app, TYPES, ["POST"], "creating custom activity types");
  refuseOtherMethods(app, TYPES, ["GET", "POST"]);

  app.get(TYPE, (c) => {
    const query = readQuery(c, FIELDS_PARAMETER);
    const type = types.find((candidate) => candidate.id === c.req.param("id"));
    if (!type) throw objectNotFoundError("CustomActivityType");
    return c.json(selectFields(presentActivityType(type), readFieldSelection(query)));
  });

  refuseNotSimulated(app, TYPE, ["PUT", "DELETE"], "changing or deleting custom activity types");
  refuseOtherMethods(app, TYPE, ["GET", "PUT", "DELETE"]);

  app.get(COLLECTION, (c) => {
    const query = readQuery(c, [...LIST_PARAMETERS, ...LIST_FILTERS]);
    const typeIds = [
      ...(readIdList(query, "custom_activity_type_id") ?? []),
      ...(readIdList(query, "custom_activity_type_id__in") ?? []),
    ];
    const byType = query.has("custom_activity_type_id") || query.has("custom_activity_type_id__in");
    if (byType && !query.has("lead_id")) {
      throw requestError(
        "Filtering by custom_activity_type_id or custom_activity_type_id__in requires lead_id.",
      );
    }
    const conditions: Condition[] = [];
    if (byType) conditions.push({ field: "custom_activity_type_id", anyOf: typeIds });
    const filters = {
      id__in: "id",
      lead_id: "lead_id",
      contact_id: "contact_id",
      user_id: "user_id",
    };
    for (const [parameter, field] of Object.entries(filters)) {
      const ids = readIdList(query, parameter);
      if (ids) conditions.push({ field, anyOf: ids });
    }
    // Newest first, as Close lists activities.
    const page = deps.customActivities.list(readPageRequest(query), conditions, {
      descending: true,
    });
    return c.json(presentPage(page, readFieldSelection(query)));
  });

  app.post(COLLECTION, (c) => {
    const query = readQuery(c, FIELDS_PARAMETER);
    const body = requireJsonObject(c.get("requestBody"));
    const type = types.find((candidate) => candidate.id === body.custom_activity_type_id);
    if (!type && typeof body.custom_activity_type_id === "string") {
      throw validationError({ custom_activity_type_id: "Object does not exist." });
    }
    const parsed = parseCustomActivityInput(body, type?.fields ?? [], deps.members);
    if (!parsed.ok || !type) throw validationError(parsed.ok ? {} : parsed.errors);
    const input = parsed.value;
    if (!deps.leads.find(input.lead_id)) throw validationError({ lead: "Object does not exist." });
    if (input.contact_id) {
      const contact = deps.contacts.find(input.contact_id);
      if (!contact) throw validationError({ contact: "Object does not exist." });
      if (contact.lead_id !== input.lead_id) {
        throw validationError({ contact: "The contact does not belong to this lead." });
      }
    }
    const userId = input.user_id ?? deps.members[0]?.id;
    const user = deps.members.find((member) => member.id === userId);
    if (!user) throw validationError({ user: "Object does not exist." });
    const activity = buildCustomActivity(
      input,
      { id: user.id, name: fullNameOf(user) },
      formatCloseTimestamp(),
    );
    const missing = findMissingRequiredFields(activity, type);
    if (Object.keys(missing).length > 0) throw validationError(missing);
    deps.transact(() => deps.customActivities.insert(activity, activity.lead_id));
    return c.json(selectFields(activity, readFieldSelection(query)));
  });

  refuseOtherMethods(app, COLLECTION, ["GET", "POST"]);

  app.get(ITEM, (c) => {
    const query = readQuery(c, FIELDS_PARAMETER);
    const activity = deps.customActivities.find(c.req.param("id"));
    if (!activity) throw objectNotFoundError("CustomActivity");
    return c.json(selectFields(activity, readFieldSelection(query)));
  });

  refuseNotSimulated(app, ITEM, ["PUT", "DELETE"], "changing or deleting custom activities");
  refuseOtherMethods(app, ITEM, ["GET", "PUT", "DELETE"]);
}
