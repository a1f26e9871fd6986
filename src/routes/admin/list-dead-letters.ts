// GET /v1/admin/dead-letters: the dead submissions grouped by reason (their last error code),
// with the count per source, the oldest and newest, and one of Close's messages. Behind the
// admin token; the console replays a group through the replay endpoints.
import type { Hono } from "hono";
import type { AppEnv } from "../../app-env.ts";
import { groupDeadLetters } from "../../store/aggregates.ts";
import { iso } from "./view.ts";

/** Registers `GET /v1/admin/dead-letters`. */
export function registerListDeadLetters(app: Hono<AppEnv>) {
  app.get("/v1/admin/dead-letters", async (c) => {
    const groups = await groupDeadLetters(c.env.DB);
    return c.json({
      total: groups.reduce((sum, group) => sum + group.count, 0),
      groups: groups.map((group) => ({
        ...group,
        oldest: iso(group.oldest),
        newest: iso(group.newest),
      })),
    });
  });
}
