// The admin token check for the admin endpoints, deep health and the preview:
// `Authorization: Bearer <ADMIN_TOKEN>`, compared in constant time.
import type { Context } from "hono";
import type { AppEnv } from "../app-env.ts";
import { readSecret } from "../config/load.ts";
import { BridgeError } from "../errors.ts";
import { logEvent } from "../log.ts";
import { equalSecrets } from "./compare.ts";
import { readBearerToken } from "./credentials.ts";

/** Whether `header` is `Bearer <expected>`; an empty `expected` (unset token) never matches. */
export async function verifyBearerToken(header: string | null, expected: string): Promise<boolean> {
  const token = readBearerToken(header);
  if (token === null || expected === "") return false;
  return equalSecrets(token, expected);
}

/** Throws unless the request carries the admin token (503 when ADMIN_TOKEN is not set). */
export async function checkAdminToken(c: Context<AppEnv>): Promise<void> {
  const expected = readSecret(c.env, "ADMIN_TOKEN");
  if (expected === "") {
    throw new BridgeError(
      "config_invalid",
      "The admin API is off: set the ADMIN_TOKEN secret to use it.",
      {
        details: [{ field: "ADMIN_TOKEN", problem: "the secret is not set" }],
      },
    );
  }
  if (!(await verifyBearerToken(c.req.header("authorization") ?? null, expected))) {
    logEvent("warn", "admin.unauthorized", { request_id: c.get("requestId"), path: c.req.path });
    throw new BridgeError("unauthorized", "Missing or invalid credentials.");
  }
}
