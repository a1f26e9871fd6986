// Builds the bridge's Hono app: request ids, the one error handler, and every route.
import { Hono } from "hono";
import { requestId } from "hono/request-id";
import { secureHeaders } from "hono/secure-headers";
import type { AppEnv } from "./app-env.ts";
import { requireAdminToken } from "./authenticate/admin-token.ts";
import { BridgeError, handleError } from "./errors.ts";
import { registerAdminRoutes } from "./routes/admin.ts";
import { registerAdminConfigRoute } from "./routes/admin-config.ts";
import { registerDashboardRoute } from "./routes/dashboard.tsx";
import { registerDeepHealthRoute } from "./routes/deep-health.ts";
import { registerHealthRoute } from "./routes/health.ts";
import { registerHookRoutes } from "./routes/hooks.ts";
import { registerIncidentRoutes } from "./routes/incidents.ts";
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
  // Every admin route, whichever file registers it, is behind the admin token.
  app.use("/v1/admin/*", secureHeaders(), requireAdminToken);
  registerAdminRoutes(app);
  registerIncidentRoutes(app);
  registerAdminConfigRoute(app);
  registerDashboardRoute(app);
  registerPreviewRoute(app);
  registerHookRoutes(app);
  app.notFound(() => {
    throw new BridgeError("not_found", "No such route.");
  });
  app.onError(handleError);
  return app;
}
