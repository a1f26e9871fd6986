// The simulator's Hono app: the test-only routes, then the Close API behind its pipeline
// (faults, rate limit, authentication). New endpoint families register here.
import { Hono } from "hono";
import { createApiPipeline } from "./api-pipeline.ts";
import { API_PREFIX, type AppEnv, type SimulatorDeps } from "./app-env.ts";
import { respondWithError, statusError } from "./errors.ts";
import { registerAlertRoutes } from "./routes/alerts.ts";
import { registerContactRoutes } from "./routes/contacts.ts";
import { registerCustomActivityRoutes } from "./routes/custom-activities.ts";
import { registerCustomFieldRoutes } from "./routes/custom-fields.ts";
import { registerLeadRoutes } from "./routes/leads.ts";
import { registerNoteRoutes } from "./routes/notes.ts";
import { registerOpportunityRoutes } from "./routes/opportunities.ts";
import { registerSearchRoutes } from "./routes/search.ts";
import { registerSimulatorRoutes } from "./routes/simulator.ts";
import { registerStatusRoutes } from "./routes/statuses.ts";
import { registerTaskRoutes } from "./routes/tasks.ts";
import { registerTurnstileRoutes } from "./routes/turnstile.ts";
import { registerUnsubscribeRoutes } from "./routes/unsubscribe.ts";
import { registerUserRoutes } from "./routes/users.ts";

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
  registerUserRoutes(app, deps);
  registerStatusRoutes(app, deps);
  registerTaskRoutes(app, deps);
  registerCustomActivityRoutes(app, deps);
  registerOpportunityRoutes(app, deps);
  registerUnsubscribeRoutes(app, deps);
  return app;
}
