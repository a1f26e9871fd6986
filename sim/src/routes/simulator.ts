// The test-only endpoints under `/__sim/` (no authentication, no faults, not logged): what
// is stored, the requests received, reset, and fault injection.
import type { Hono } from "hono";
import type { AppEnv, SimulatorDeps } from "../app-env.ts";
import { CloseApiError } from "../errors.ts";
import { FaultSettings, resolveFaults } from "../faults.ts";
import { presentTask } from "../records/task.ts";
import { presentWithContacts } from "./leads.ts";

/** Where the test-only endpoints live. */
export const SIMULATOR_PREFIX = "/__sim";

/** Registers the test-only endpoints. */
export function registerSimulatorRoutes(app: Hono<AppEnv>, deps: SimulatorDeps): void {
  app.get(`${SIMULATOR_PREFIX}/contacts`, (c) => c.json({ data: deps.contacts.listAll() }));

  app.get(`${SIMULATOR_PREFIX}/leads`, (c) =>
    c.json({ data: deps.leads.listAll().map((lead) => presentWithContacts(deps.contacts, lead)) }),
  );

  app.get(`${SIMULATOR_PREFIX}/notes`, (c) => c.json({ data: deps.notes.listAll() }));

  app.get(`${SIMULATOR_PREFIX}/tasks`, (c) =>
    c.json({ data: deps.tasks.listAll().map((task) => presentTask(task)) }),
  );

  app.get(`${SIMULATOR_PREFIX}/custom_activities`, (c) =>
    c.json({ data: deps.customActivities.listAll() }),
  );

  app.get(`${SIMULATOR_PREFIX}/opportunities`, (c) =>
    c.json({ data: deps.opportunities.listAll() }),
  );

  app.get(`${SIMULATOR_PREFIX}/unsubscribed_emails`, (c) =>
    c.json({ data: deps.unsubscribes.listAll() }),
  );

  app.get(`${SIMULATOR_PREFIX}/requests`, (c) => c.json({ data: deps.requestLog.listAll() }));

  app.post(`${SIMULATOR_PREFIX}/reset`, (c) => {
    deps.resetAll();
    return c.json({ ok: true });
  });

  app.get(`${SIMULATOR_PREFIX}/faults`, (c) => c.json(deps.faults.read()));

  app.post(`${SIMULATOR_PREFIX}/faults`, async (c) => {
    const text = await c.req.text();
    let body: unknown;
    try {
      body = text.trim() === "" ? {} : JSON.parse(text);
    } catch {
      throw new CloseApiError(400, { errors: ["The body is not valid JSON."], "field-errors": {} });
    }
    const parsed = FaultSettings.safeParse(body);
    if (!parsed.success) {
      const fieldErrors = Object.fromEntries(
        parsed.error.issues.map((issue) => [issue.path.join(".") || "(body)", issue.message]),
      );
      throw new CloseApiError(400, { errors: [], "field-errors": fieldErrors });
    }
    const faults = resolveFaults(parsed.data);
    deps.faults.write(faults);
    // Writes still on their way to the search index arrive within the new lag at the latest.
    deps.searchIndex.shortenLag(faults.search_lag_ms);
    // A new rate limit starts from fresh windows rather than counts made under the old one.
    deps.rateLimiter.clear();
    return c.json(faults);
  });
}
