// The admin API under `/v1/admin`, behind `Authorization: Bearer <ADMIN_TOKEN>`: the submission
// log, replay and deletion, the configuration's problems, the incidents; one file per endpoint.
import type { Hono } from "hono";
import { secureHeaders } from "hono/secure-headers";
import type { AppEnv } from "../../app-env.ts";
import { registerAdminConfig } from "./config.ts";
import { registerDeleteSubmission } from "./delete-submission.ts";
import { registerGetSubmission } from "./get-submission.ts";
import { requireAdminToken } from "./guard.ts";
import { registerListIncidents } from "./incidents.ts";
import { registerListSubmissions } from "./list-submissions.ts";
import { registerReplayBulk } from "./replay-bulk.ts";
import { registerReplaySubmission } from "./replay-submission.ts";

/** Registers the admin API under `/v1/admin`. */
export function registerAdminRoutes(app: Hono<AppEnv>) {
  app.use("/v1/admin/*", secureHeaders(), requireAdminToken);
  registerListSubmissions(app);
  registerGetSubmission(app);
  registerDeleteSubmission(app);
  registerReplaySubmission(app);
  registerReplayBulk(app);
  registerAdminConfig(app);
  registerListIncidents(app);
}
