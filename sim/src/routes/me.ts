// `GET /me/`: the API key's user and the one organization the key belongs to, as Close's
// scripts read it (close-routing.md section 1: `organizations[0]`, `memberships[0]`). Behind the
// API pipeline like every Close route, so a refused key gets Close's 401.
import type { Hono } from "hono";
import { API_PREFIX, type AppEnv } from "../app-env.ts";
import { ORGANIZATION_ID, USER_ID, USER_NAME } from "../ids.ts";
import { readFieldSelection, selectFields } from "../pagination.ts";
import { FIELDS_PARAMETER, readQuery } from "../query.ts";
import { refuseOtherMethods } from "./allowed-methods.ts";

const ME = `${API_PREFIX}/me`;

// The user comes from the simulator's constants, so it has no real creation date.
const CREATED = "2020-01-01T00:00:00.000000+00:00";

/** Registers `GET /me/`. */
export function registerMeRoute(app: Hono<AppEnv>): void {
  app.get(ME, (c) => {
    const query = readQuery(c, FIELDS_PARAMETER);
    const [first_name = USER_NAME, ...last] = USER_NAME.split(" ");
    const me = {
      id: USER_ID,
      email: "api@close-simulator.test",
      first_name,
      last_name: last.join(" "),
      date_created: CREATED,
      date_updated: CREATED,
      organizations: [{ id: ORGANIZATION_ID, name: "Close Simulator" }],
      memberships: [{ id: "mem_SimuLat0rCl0seBr1dgeMemb3rsh1pXXXXXXXXXXXX" }],
      email_accounts: [],
    };
    return c.json(selectFields(me, readFieldSelection(query)));
  });
  refuseOtherMethods(app, ME, ["GET"]);
}
