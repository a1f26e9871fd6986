// The simulator's Hono app: the test-only routes, then the Close API behind its pipeline
// (faults, rate limit, authentication). New endpoint families register here.
import { Hono } from "hono";
import { createApiPipeline } from "./api-pipeline.ts";
import { API_PREFIX, type AppEnv, type SimulatorDeps } from "./app-env.ts";
import { respondWithError, statusError } from "./errors.ts";
import { registerAlertRoutes } from "./routes/alerts.ts";
import { registerContactRoutes } from "./routes/contacts.ts";
import { registerCustomFieldRoutes } from "./routes/custom-fields.ts";
import { registerLeadRoutes } from "./routes/leads.ts";
import { registerMeRoute } from "./routes/me.ts";
import { registerNoteRoutes } from "./routes/notes.ts";
import { registerSearchRoutes } from "./routes/search.ts";
import { registerSimulatorRoutes } from "./routes/simulator.ts";
import { registerTurnstileRoutes } from "./routes/turnstile.ts";

/** Builds the app that answers every request the Organization receives. */
export function buildSimulatorApp(deps: SimulatorDeps): Hono<AppEnv> {
  // strict: false, because Close answers paths with and without the trailing slash alike.
  const app = new Hono<AppEnv>({ strict: false });
  app.onError(respondWithError);
  app.notFound((c) => respondWithError(statusError(404), c));

  registerTurnstileRoutes(app);
  registerSimulatorRoutes(app, deps);
  registerAlertRoutes(app, deps);

  app.use(`${API_PREFIX}/*`, createApiPipeline(deps));
  registerContactRoutes(app, deps);
  registerLeadRoutes(app, deps);
  registerNoteRoutes(app, deps);
  registerSearchRoutes(app, deps);
  registerCustomFieldRoutes(app, deps);
  registerMeRoute(app);
  return app;
}
