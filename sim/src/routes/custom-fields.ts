// `/custom_field/{contact|lead}/` (paginated lists, and one field by id) and
// `/custom_field_schema/{contact|lead}/` (`{"fields": [...]}`), from `CUSTOM_FIELDS`.
import type { Hono } from "hono";
import { API_PREFIX, type AppEnv, type SimulatorDeps } from "../app-env.ts";
import type { CustomFieldDefinition } from "../config.ts";
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
const NOT_SIMULATED = ["opportunity", "activity", "custom_object_type", "shared"];

/** Registers the custom field endpoints. */
export function registerCustomFieldRoutes(app: Hono<AppEnv>, deps: SimulatorDeps): void {
  const definitionsOf = (objectType: string): CustomFieldDefinition[] => {
    if (objectType === "contact") return deps.config.CUSTOM_FIELDS.contact;
    if (objectType === "lead") return deps.config.CUSTOM_FIELDS.lead;
    if (NOT_SIMULATED.includes(objectType)) {
      throw requestError(`The simulator does not support custom fields of ${objectType}.`);
    }
    throw statusError(404);
  };

  app.get(LIST, (c) => {
    const query = readQuery(c, LIST_PARAMETERS);
    const { skip, limit } = readPageRequest(query);
    const fields = definitionsOf(c.req.param("object_type")).map(presentCustomField);
    const page = { items: fields.slice(skip, skip + limit), hasMore: fields.length > skip + limit };
    return c.json(presentPage(page, readFieldSelection(query)));
  });

  refuseOtherMethods(app, LIST, ["GET"]);

  app.get(ITEM, (c) => {
    const query = readQuery(c, FIELDS_PARAMETER);
    const definition = definitionsOf(c.req.param("object_type")).find(
      (field) => field.id === c.req.param("id"),
    );
    if (!definition) throw objectNotFoundError("CustomField");
    return c.json(selectFields(presentCustomField(definition), readFieldSelection(query)));
  });

  refuseOtherMethods(app, ITEM, ["GET"]);

  app.get(SCHEMA, (c) => {
    readQuery(c, []);
    const fields = definitionsOf(c.req.param("object_type")).map(presentCustomField);
    return c.json({ fields });
  });

  refuseOtherMethods(app, SCHEMA, ["GET"]);
}
