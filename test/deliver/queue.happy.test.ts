import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { loadSubmission } from "../../src/store/submissions.ts";
import { callBridge, EXAMPLE_FORM_HEADERS, formBody } from "../helpers/bridge.ts";
import { resetWorld } from "../helpers/reset.ts";
import { simContacts, simNotes } from "../helpers/sim.ts";
import { waitUntil } from "../helpers/wait.ts";

beforeEach(resetWorld);

describe("queue mode through the real queue", () => {
  it("answers 202 at once, then the contact appears and the log says delivered", async () => {
    const response = await callBridge("/v1/hooks/website", {
      method: "POST",
      headers: EXAMPLE_FORM_HEADERS,
      body: formBody({
        name: "Ada Lovelace",
        email: "ada@example.com",
        phone: "(415) 555-0100",
        message: "Call me",
      }),
    });
    expect(response.status).toBe(202);
    const answer = (await response.json()) as { id: string; status: string };
    expect(answer).toEqual({ id: expect.stringMatching(/^sub_/), status: "queued" });
    const delivered = await waitUntil(async () => {
      const submission = await loadSubmission(env.DB, answer.id);
      return submission?.status === "delivered" ? submission : undefined;
    });
    const contacts = await simContacts();
    expect(contacts).toHaveLength(1);
    expect(delivered).toMatchObject({
      outcome: "created",
      contact_id: contacts[0]?.id,
      attempts: 1,
    });
    expect(await simNotes()).toHaveLength(1);
  });
});
