// The admin API's guard: every `/v1/admin/*` request needs `Authorization: Bearer <ADMIN_TOKEN>`.
import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "../../app-env.ts";
import { checkAdminToken } from "../../authenticate/admin-token.ts";

/** Refuses any request without the admin token (compared in constant time). */
export const requireAdminToken: MiddlewareHandler<AppEnv> = async (c, next) => {
  await checkAdminToken(c);
  await next();
};
