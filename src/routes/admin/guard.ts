// The admin API's guard: every `/v1/admin/*` request needs `Authorization: Bearer <ADMIN_TOKEN>`.
import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "../../app-env.ts";
import { verifyBearerToken } from "../../authenticate/admin-token.ts";
import { readSecret } from "../../config/load.ts";
import { BridgeError } from "../../errors.ts";
import { logEvent } from "../../log.ts";

/** Refuses any request without the admin token (compared in constant time). */
export const requireAdminToken: MiddlewareHandler<AppEnv> = async (c, next) => {
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
  await next();
};
