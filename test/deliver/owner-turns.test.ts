// The owner rotation's turns live in D1: every isolate shares them, concurrent deliveries take
// different turns, and a submission takes one turn however often it is delivered.
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { newSubmissionId } from "../../src/ids.ts";
import { peekOwnerTurn, takeOwnerTurn } from "../../src/store/routing.ts";
import { recordSubmission } from "../../src/store/submissions.ts";
import { resetWorld } from "../helpers/reset.ts";

beforeEach(resetWorld);

async function submissions(count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const { submission } = await recordSubmission(env.DB, {
      id: newSubmissionId(Date.now()),
      source: "website",
      mode: "queue",
      receivedAt: Date.now(),
      dedupeKey: undefined,
      maxRetries: 3,
      draft: {
        emails: [{ email: `p${i}@example.com`, type: "office" }],
        phones: [],
        urls: [],
        custom: {},
        lead: { custom: {} },
      },
      input: undefined,
      status: "queued",
    });
    ids.push(submission.id);
  }
  return ids;
}

describe("owner turns", () => {
  it("gives twenty submissions taking turns at once twenty different turns, 1 to 20", async () => {
    const ids = await submissions(20);
    const turns = await Promise.all(
      ids.map((id) => takeOwnerTurn(env.DB, id, "sales", Date.now())),
    );
    expect([...turns].sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(await peekOwnerTurn(env.DB, "sales")).toBe(21);
  });

  it("gives one submission the same turn however often, and at once, it asks", async () => {
    const [id, other] = await submissions(2);
    const again = await Promise.all(
      Array.from({ length: 5 }, () => takeOwnerTurn(env.DB, id as string, "sales", Date.now())),
    );
    expect(again).toEqual([1, 1, 1, 1, 1]);
    expect(await takeOwnerTurn(env.DB, other as string, "sales", Date.now())).toBe(2);
  });

  it("keeps rotations apart", async () => {
    const [a, b] = await submissions(2);
    expect(await takeOwnerTurn(env.DB, a as string, "website", Date.now())).toBe(1);
    expect(await takeOwnerTurn(env.DB, b as string, "website:emea", Date.now())).toBe(1);
  });

  it("takes no turn for a submission the log does not have", async () => {
    await expect(takeOwnerTurn(env.DB, "sub_nope", "sales", Date.now())).rejects.toThrow(
      "not in the log",
    );
    expect(await peekOwnerTurn(env.DB, "sales")).toBe(1);
  });
});
