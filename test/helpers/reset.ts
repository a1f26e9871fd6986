// A clean start for each test: earlier tests' submissions stop moving (the real queue would
// otherwise deliver them in the background, into this test's simulator and rate limits) and are
// forgotten, and the simulator forgets everything.
import { env } from "cloudflare:workers";
import { forgetOrganizationNames } from "../../src/deliver/close-names.ts";
import { forgetRateLimits } from "../../src/deliver/connect.ts";
import { forgetSignatureFailures } from "../../src/incidents/observe.ts";
import { forgetOpenIncidents } from "../../src/incidents/store.ts";
import { forgetLastCheck } from "../../src/incidents/watch.ts";
import { resetSimulator } from "./sim.ts";

async function quiesceSubmissions() {
  const stop = () =>
    env.DB.prepare(
      "UPDATE submissions SET status = 'dead', last_error_code = 'test_reset' WHERE status IN ('queued', 'retrying')",
    ).run();
  await stop();
  const deadline = Date.now() + 10_000;
  for (;;) {
    const row = await env.DB.prepare(
      "SELECT COUNT(*) AS n FROM submissions WHERE status = 'delivering'",
    ).first<{ n: number }>();
    if (!row || row.n === 0 || Date.now() > deadline) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  await stop();
  await env.DB.batch([
    env.DB.prepare("DELETE FROM delivery_attempts"),
    env.DB.prepare("DELETE FROM submissions"),
    env.DB.prepare("DELETE FROM unrecorded_posts"),
  ]);
}

/** Forgets every incident, alert and refused-signature count. */
async function forgetIncidents() {
  await env.DB.batch(
    ["incidents", "alert_outbox", "signature_failures", "bridge_state"].map((table) =>
      env.DB.prepare(`DELETE FROM ${table}`),
    ),
  );
  forgetSignatureFailures();
  forgetLastCheck();
  forgetOpenIncidents();
}

/** Stops earlier submissions, forgets incidents and resets the simulator. */
export async function resetWorld() {
  await quiesceSubmissions();
  await forgetIncidents();
  await resetSimulator();
  forgetRateLimits();
  forgetOrganizationNames();
  await env.DB.prepare("DELETE FROM owner_rotations").run();
}
