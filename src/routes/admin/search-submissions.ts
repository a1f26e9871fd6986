// POST /v1/admin/search: the log's submissions of one person, found by their email
// through its keyed hash (store/email-hash.ts), with the list's filters in the query string. The
// email comes in the body, never in a URL, since request logs keep URLs.
import type { Hono } from "hono";
import type { AppEnv } from "../../app-env.ts";
import { BridgeError } from "../../errors.ts";
import { emailHashKey, hashEmail } from "../../store/email-hash.ts";
import * as z from "../../zod.ts";
import { answerLogPage } from "./log-page.ts";

/** The body: the person's email, matched exactly (trimmed, case aside). */
const SearchBody = z.strictObject({
  email: z.string().check(
    z.maxLength(320),
    z.refine((value) => value.trim() !== "", "must not be blank"),
  ),
});

/** Registers `POST /v1/admin/search`. */
export function registerSearchSubmissions(app: Hono<AppEnv>) {
  app.post("/v1/admin/search", async (c) => {
    const body = SearchBody.safeParse(await c.req.json().catch(() => undefined));
    if (!body.success) {
      throw new BridgeError("invalid_query", "The search body is not valid.", {
        details: body.error.issues.map((issue) => ({
          field: issue.path.join(".") || "body",
          problem: issue.message,
        })),
      });
    }
    const emailHash = await hashEmail(await emailHashKey(c.env), body.data.email);
    if (!emailHash) {
      throw new BridgeError(
        "config_invalid",
        "The log cannot be searched by email: set CLOSE_API_KEY.",
      );
    }
    return answerLogPage(c, emailHash);
  });
}
