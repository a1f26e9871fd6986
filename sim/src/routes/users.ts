// `GET /me/` (the API key's user and its organization) and `GET /user/`, `GET /user/{id}/`
// (the organization's members: the API user, then `USERS`).
import type { Hono } from "hono";
import { API_PREFIX, type AppEnv, type SimulatorDeps } from "../app-env.ts";
import type { UserDefinition } from "../config.ts";
import { objectNotFoundError, requestError } from "../errors.ts";
import { presentPage, readFieldSelection, readPageRequest, selectFields } from "../pagination.ts";
import { FIELDS_PARAMETER, LIST_PARAMETERS, readQuery } from "../query.ts";
import { presentMe, presentUser } from "../users.ts";
import { refuseOtherMethods } from "./allowed-methods.ts";

const ME = `${API_PREFIX}/me`;
const USERS = `${API_PREFIX}/user`;
const USER = `${USERS}/:id`;

// The orders Close's user list takes.
const ORDERS: Record<string, (a: UserDefinition, b: UserDefinition) => number> = {
  "last_name,first_name": (a, b) =>
    a.last_name.localeCompare(b.last_name) || a.first_name.localeCompare(b.first_name),
  "first_name,last_name": (a, b) =>
    a.first_name.localeCompare(b.first_name) || a.last_name.localeCompare(b.last_name),
};

/** Registers the user endpoints. */
export function registerUserRoutes(app: Hono<AppEnv>, deps: SimulatorDeps): void {
  app.get(ME, (c) => {
    const query = readQuery(c, FIELDS_PARAMETER);
    return c.json(selectFields(presentMe(), readFieldSelection(query)));
  });

  refuseOtherMethods(app, ME, ["GET"]);

  app.get(USERS, (c) => {
    const query = readQuery(c, [...LIST_PARAMETERS, "_order_by"]);
    const { skip, limit } = readPageRequest(query);
    const orderBy = query.get("_order_by");
    let members = [...deps.members];
    if (orderBy !== null) {
      const order = ORDERS[orderBy];
      if (!order) {
        throw requestError("_order_by must be last_name,first_name or first_name,last_name.");
      }
      members = members.sort(order);
    }
    const page = {
      items: members.slice(skip, skip + limit).map(presentUser),
      hasMore: members.length > skip + limit,
    };
    return c.json(presentPage(page, readFieldSelection(query)));
  });

  refuseOtherMethods(app, USERS, ["GET"]);

  app.get(USER, (c) => {
    const query = readQuery(c, FIELDS_PARAMETER);
    const user = deps.members.find((member) => member.id === c.req.param("id"));
    if (!user) throw objectNotFoundError("User");
    return c.json(selectFields(presentUser(user), readFieldSelection(query)));
  });

  refuseOtherMethods(app, USER, ["GET"]);
}
