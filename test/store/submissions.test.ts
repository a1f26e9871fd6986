import { env } from "cloudflare:workers";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { newSubmissionId } from "../../src/ids.ts";
import {
  loadSubmission,
  type NewSubmission,
  recordSubmission,
} from "../../src/store/submissions.ts";
import { resetWorld } from "../helpers/reset.ts";

function newSubmission(overrides: Partial<NewSubmission> = {}): NewSubmission {
  const receivedAt = Date.now();
  return {
    id: newSubmissionId(receivedAt),
    source: "website",
    mode: "queue",
    receivedAt,
    dedupeKey: undefined,
    maxRetries: 8,
    input: undefined,
    draft: {
      name: "Ada Lovelace",
      emails: [{ email: "ada@example.com", type: "office" }],
      phones: [{ phone: "+14155550100", type: "office" }],
      urls: [],
      custom: {},
      lead: { name: "Analytical Engines", custom: {} },
      note: "Please call me about the engine.",
    },
    status: "queued",
    ...overrides,
  };
}

describe("recording a submission", () => {
  beforeEach(resetWorld);
  // Nothing delivers these rows: a `delivering` one would hold the next reset up.
  afterEach(async () => {
    await env.DB.prepare("DELETE FROM submissions").run();
  });

  it.each([
    ["a queued submission without a key", {}],
    ["a queued submission with a sender's key", { dedupeKey: "event:evt_1" }],
    ["a sync submission, delivering at once", { mode: "sync", status: "delivering" }],
    ["a body hash with its window", { dedupeKey: "body:abc", dedupeWindowS: 60 }],
    [
      "a submission with the sender's input kept",
      {
        input: {
          content_type: "application/x-www-form-urlencoded",
          search: "",
          headers: { "user-agent": "test" },
          text: "email=ada%40example.com",
        },
      },
    ],
  ] as const)("answers %s exactly as the log then reads it", async (_, overrides) => {
    const recorded = await recordSubmission(env.DB, newSubmission(overrides));
    expect(recorded.replayed).toBe(false);
    expect(await loadSubmission(env.DB, recorded.submission.id)).toEqual(recorded.submission);
  });

  it("answers the earlier row to a second delivery of the same key", async () => {
    const first = await recordSubmission(env.DB, newSubmission({ dedupeKey: "key:k1" }));
    const second = await recordSubmission(env.DB, newSubmission({ dedupeKey: "key:k1" }));
    expect(second.replayed).toBe(true);
    expect(second.submission).toEqual(first.submission);
  });
});
