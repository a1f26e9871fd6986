// Builds the bridge's Hono app: request ids, the one error handler, and every route.
import type { Hono } from "hono";
import { HonoBase } from "hono/hono-base";
import { requestId } from "hono/request-id";
import { RegExpRouter } from "hono/router/reg-exp-router";
import type { AppEnv } from "./app-env.ts";
import { BridgeError, handleError } from "./errors.ts";
import { registerAdminRoutes } from "./routes/admin/index.ts";
import { registerDashboardRoute } from "./routes/dashboard.ts";
import { registerDeepHealthRoute } from "./routes/deep-health.ts";
import { registerHealthRoute } from "./routes/health.ts";
import { registerHookRoutes } from "./routes/hooks.ts";
import { registerPreviewRoute } from "./routes/preview.ts";

/**
 * Creates the bridge's HTTP app.
 *
 * @example
 * const app = createApp();
 * export default { fetch: app.fetch };
 */
export function createApp(): Hono<AppEnv> {
  // One regular expression matches every route: Hono's default router would bundle a second
  // router too, for route shapes the bridge does not use.
  const app: Hono<AppEnv> = new HonoBase<AppEnv>({ router: new RegExpRouter() });
  app.use(requestId());
  registerDeepHealthRoute(app);
  registerHealthRoute(app);
  registerAdminRoutes(app);
  registerDashboardRoute(app);
  registerPreviewRoute(app);
  registerHookRoutes(app);
  app.notFound(() => {
    throw new BridgeError("not_found", "No such route.");
  });
  app.onError(handleError);
  return app;
}
