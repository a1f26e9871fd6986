// The admin API under `/v1/admin`, behind `Authorization: Bearer <ADMIN_TOKEN>`: the submission
// log (and its search by email), replay and deletion, the configuration's problems, its names
// checked in Close (the doctor), and what the console reads (attempts, stats, sources and their
// preview, dead letters), the incidents; one file per endpoint.
import type { Hono } from "hono";
import { secureHeaders } from "hono/secure-headers";
import type { AppEnv } from "../../app-env.ts";
import { registerAdminConfig } from "./config.ts";
import { registerDeleteSubmission } from "./delete-submission.ts";
import { registerAdminDoctor } from "./doctor.ts";
import { registerGetStats } from "./get-stats.ts";
import { registerGetSubmission } from "./get-submission.ts";
import { requireAdminToken } from "./guard.ts";
import { registerListIncidents } from "./incidents.ts";
import { registerListAttempts } from "./list-attempts.ts";
import { registerListDeadLetters } from "./list-dead-letters.ts";
import { registerListSources } from "./list-sources.ts";
import { registerListSubmissions } from "./list-submissions.ts";
import { registerPreviewSource } from "./preview-source.ts";
import { registerReplayBulk } from "./replay-bulk.ts";
import { registerReplaySubmission } from "./replay-submission.ts";
import { registerSearchSubmissions } from "./search-submissions.ts";

/** Registers the admin API under `/v1/admin`. */
export function registerAdminRoutes(app: Hono<AppEnv>) {
  app.use("/v1/admin/*", secureHeaders(), requireAdminToken);
  registerListSubmissions(app);
  registerSearchSubmissions(app);
  registerGetSubmission(app);
  registerDeleteSubmission(app);
  registerReplaySubmission(app);
  registerReplayBulk(app);
  registerAdminConfig(app);
  registerAdminDoctor(app);
  registerListAttempts(app);
  registerGetStats(app);
  registerListSources(app);
  registerPreviewSource(app);
  registerListDeadLetters(app);
  registerListIncidents(app);
}
