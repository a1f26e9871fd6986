// `/custom_field/{contact|lead|activity}/` (paginated lists, and one field by id) and
// `/custom_field_schema/{contact|lead}/` (`{"fields": [...]}`), from `CUSTOM_FIELDS` and the
// fields of `CUSTOM_ACTIVITY_TYPES` (activity fields carry their type's id and `required`).
import type { Hono } from "hono";
import { API_PREFIX, type AppEnv, type SimulatorDeps } from "../app-env.ts";
import { presentCustomField } from "../custom-fields.ts";
import { objectNotFoundError, requestError, statusError } from "../errors.ts";
import { presentPage, readFieldSelection, readPageRequest, selectFields } from "../pagination.ts";
import { FIELDS_PARAMETER, LIST_PARAMETERS, readQuery } from "../query.ts";
import { refuseOtherMethods } from "./allowed-methods.ts";

const LIST = `${API_PREFIX}/custom_field/:object_type`;
const ITEM = `${LIST}/:id`;
const SCHEMA = `${API_PREFIX}/custom_field_schema/:object_type`;

// Object types Close has custom fields for that the simulator does not: a 400 that says so,
// not a 404 that would claim Close has no such endpoint.
const NOT_SIMULATED = ["opportunity", "custom_object_type", "shared"];

/** Registers the custom field endpoints. */
export function registerCustomFieldRoutes(app: Hono<AppEnv>, deps: SimulatorDeps): void {
  const activityFields = deps.config.CUSTOM_ACTIVITY_TYPES.flatMap((type) =>
    type.fields.map((field) => presentCustomField(field, type.id)),
  );
  const presentedOf = (objectType: string): Record<string, unknown>[] => {
    if (objectType === "contact")
      return deps.config.CUSTOM_FIELDS.contact.map((f) => presentCustomField(f));
    if (objectType === "lead")
      return deps.config.CUSTOM_FIELDS.lead.map((f) => presentCustomField(f));
    if (objectType === "activity") return activityFields;
    if (NOT_SIMULATED.includes(objectType)) {
      throw requestError(`The simulator does not support custom fields of ${objectType}.`);
    }
    throw statusError(404);
  };

  app.get(LIST, (c) => {
    const query = readQuery(c, LIST_PARAMETERS);
    const { skip, limit } = readPageRequest(query);
    const fields = presentedOf(c.req.param("object_type"));
    const page = { items: fields.slice(skip, skip + limit), hasMore: fields.length > skip + limit };
    return c.json(presentPage(page, readFieldSelection(query)));
  });

  refuseOtherMethods(app, LIST, ["GET"]);

  app.get(ITEM, (c) => {
    const query = readQuery(c, FIELDS_PARAMETER);
    const field = presentedOf(c.req.param("object_type")).find(
      (candidate) => candidate.id === c.req.param("id"),
    );
    if (!field) throw objectNotFoundError("CustomField");
    return c.json(selectFields(field, readFieldSelection(query)));
  });

  refuseOtherMethods(app, ITEM, ["GET"]);

  app.get(SCHEMA, (c) => {
    readQuery(c, []);
    const objectType = c.req.param("object_type");
    // Close's activity schemas are per type (`activity/<actitype_id>`), a path the simulator lacks.
    if (objectType === "activity") {
      throw requestError("The simulator does not support custom field schemas of activity.");
    }
    return c.json({ fields: presentedOf(objectType) });
  });

  refuseOtherMethods(app, SCHEMA, ["GET"]);
}
