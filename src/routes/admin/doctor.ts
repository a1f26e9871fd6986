// GET /v1/admin/doctor: the configuration checked against the Close organization (every status,
// user, custom field and activity type a source names), behind the admin token like the rest of
// /v1/admin. `npm run doctor` runs the same check from a terminal.
import type { Hono } from "hono";
import type { AppEnv } from "../../app-env.ts";
import { requireConfig } from "../../config/load.ts";
import { connectClose } from "../../deliver/connect.ts";
import { examineCloseNames } from "../../deliver/doctor.ts";
import { senderErrorOf } from "../../deliver/failure.ts";
import { logEvent } from "../../log.ts";

/** The longest the doctor waits for a rate-limit window before answering 503. */
const DOCTOR_MAX_WAIT_MS = 5_000;

/** Registers `GET /v1/admin/doctor` (the admin API's token check covers it). */
export function registerAdminDoctor(app: Hono<AppEnv>) {
  app.get("/v1/admin/doctor", async (c) => {
    const config = requireConfig(c.env);
    const close = await connectClose(c.env, config, DOCTOR_MAX_WAIT_MS);
    try {
      const report = await examineCloseNames(close, config.sources.values());
      logEvent(report.ok ? "info" : "warn", "admin.doctor", {
        request_id: c.get("requestId"),
        checked: report.checked,
        findings: report.findings.length,
      });
      return c.json(report);
    } catch (error) {
      // Close unreachable or rate-limited: the same answer a sync sender would get.
      throw senderErrorOf(error);
    }
  });
}
