// Builds the bridge's Hono app: request ids, the one error handler, and every route.
import { Hono } from "hono";
import { requestId } from "hono/request-id";
import type { AppEnv } from "./app-env.ts";
import { BridgeError, handleError } from "./errors.ts";
import { registerAdminRoutes } from "./routes/admin/index.ts";
import { registerDashboardRoute } from "./routes/dashboard.tsx";
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
  const app = new Hono<AppEnv>();
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
