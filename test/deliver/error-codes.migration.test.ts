// Rows the delivery log wrote before the one vocabulary are rewritten to its codes.
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import migration from "../../migrations/0005_error_codes.sql?raw";
import { newSubmissionId } from "../../src/ids.ts";
import { loadSubmission, recordSubmission } from "../../src/store/submissions.ts";

/** Records a submission whose last error carries `code`, as an older bridge wrote it. */
async function recordWithCode(code: string): Promise<string> {
  const id = newSubmissionId();
  await recordSubmission(env.DB, {
    id,
    source: "website",
    mode: "queue",
    receivedAt: Date.now(),
    dedupeKey: undefined,
    maxRetries: 10,
    draft: {
      emails: [{ email: "ada@example.com", type: "office" }],
      phones: [],
      urls: [],
      custom: {},
      lead: { custom: {} },
    },
    status: "queued",
    input: undefined,
  });
  await env.DB.prepare("UPDATE submissions SET status = 'dead', last_error_code = ? WHERE id = ?")
    .bind(code, id)
    .run();
  return id;
}

describe("the error-code migration", () => {
  it.each([
    ["close_auth", "close_auth_failed"],
    ["queue_retries_exhausted", "delivery_interrupted"],
    ["close_unavailable", "close_unavailable"],
    ["close_rejected", "close_rejected"],
  ])("shows a dead submission logged as %s as %s", async (old, now) => {
    const id = await recordWithCode(old);
    for (const statement of migration.split(";").filter((sql) => /UPDATE/.test(sql))) {
      await env.DB.prepare(statement.replace(/^\s*--.*$/gm, "")).run();
    }
    expect((await loadSubmission(env.DB, id))?.last_error_code).toBe(now);
  });
});
