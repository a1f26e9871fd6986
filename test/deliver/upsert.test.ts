import { beforeEach, describe, expect, it } from "vitest";
import { createCloseClient } from "../../src/close/client.ts";
import { CloseError } from "../../src/close/error.ts";
import { type CloseTransport, createHttpTransport } from "../../src/close/transport.ts";
import { deliverNow } from "../../src/deliver/attempt.ts";
import { upsertSubmission } from "../../src/deliver/upsert.ts";
import type { UpsertProgress } from "../../src/store/submissions.ts";
import type { ContactDraft } from "../../src/validate/draft.ts";
import { resetWorld } from "../helpers/reset.ts";
import { closeApi, simContacts, simLeads, simNotes, simRequests } from "../helpers/sim.ts";

beforeEach(resetWorld);

const http = createHttpTransport({
  baseUrl: "http://close.test/api/v1",
  apiKey: "api_dev.closebridge0simulator0key",
  timeoutMs: 5000,
});

/** A transport that lets Close do the `times` first matching writes but loses their answers. */
function losingAnswers(match: string, times = 1): CloseTransport {
  let lost = 0;
  return async (request) => {
    const response = await http(request);
    if (`${request.method} ${request.path}` === match && lost < times) {
      lost += 1;
      throw new CloseError("unavailable", "Close did not answer in time", { request: match });
    }
    return response;
  };
}

const draft: ContactDraft = {
  name: "Ada Lovelace",
  emails: [{ email: "ada@example.com", type: "office" }],
  phones: [{ phone: "+14155550100", type: "office" }],
  urls: [],
  custom: {},
  lead: { name: "Analytical Engines", custom: {} },
  note: "Call me",
};
const options = {
  submissionId: "sub_01JD3K5Q7W8X9Y0Z1A2B3C4D5E",
  name: "website",
  on_duplicate: "update" as const,
  lead: "by_company" as const,
  invalid_phone: "drop" as const,
  receivedAt: Date.now(),
  resumed: false,
};

describe("a retried upsert repeats nothing", () => {
  it("never sends a write again in the attempt that lost its answer", async () => {
    const close = createCloseClient(losingAnswers("POST /lead/"));
    await expect(deliverNow(close, draft, options)).rejects.toMatchObject({
      kind: "unavailable",
      ambiguous: true,
    });
    const creates = (await simRequests()).filter(
      (r) => r.method === "POST" && r.path === "/api/v1/lead/",
    );
    expect(creates).toHaveLength(1);
  });

  it("finds the contact whose create answer was lost, in the next attempt, and calls it created", async () => {
    const saved: UpsertProgress[] = [];
    const save = async (p: UpsertProgress) => {
      saved.push(p);
    };
    const first = createCloseClient(losingAnswers("POST /lead/"));
    await expect(upsertSubmission(first, draft, options, {}, save)).rejects.toMatchObject({
      ambiguous: true,
    });
    expect(saved).toEqual([]);
    const resumed = { ...options, resumed: true };
    const done = await upsertSubmission(createCloseClient(http), draft, resumed, {}, save);
    expect(done.outcome).toBe("created");
    expect(await simContacts()).toHaveLength(1);
    expect(await simLeads()).toHaveLength(1);
    expect(await simNotes()).toHaveLength(1);
    const creates = (await simRequests()).filter(
      (r) => r.method === "POST" && r.path.startsWith("/api/v1/lead"),
    );
    expect(creates).toHaveLength(1);
  });

  it("finds the note whose answer was lost among its lead's notes, in the next attempt", async () => {
    const progress: UpsertProgress[] = [];
    const save = async (p: UpsertProgress) => {
      progress.push(p);
    };
    const first = createCloseClient(losingAnswers("POST /activity/note/"));
    await expect(upsertSubmission(first, draft, options, {}, save)).rejects.toMatchObject({
      ambiguous: true,
    });
    const resumed = { ...options, resumed: true };
    const done = await upsertSubmission(
      createCloseClient(http),
      draft,
      resumed,
      progress.at(-1) ?? {},
      save,
    );
    expect(done.note_id).toMatch(/^acti_/);
    const notes = await simNotes();
    expect(notes).toHaveLength(1);
    expect(notes[0]?.id).toBe(done.note_id);
    // The lead's notes are read (a read Close answers at once), not searched for.
    const reads = (await simRequests()).filter((r) => r.path === "/api/v1/activity/note/");
    expect(reads.map((r) => r.method)).toEqual(["POST", "GET"]);
  });

  it("resumes from saved progress without touching what is done", async () => {
    const close = createCloseClient(http);
    const saved: UpsertProgress[] = [];
    const first = await upsertSubmission(close, draft, options, {}, async (p) => {
      saved.push(p);
    });
    const before = (await simRequests()).length;
    const again = await upsertSubmission(close, draft, options, first, async () => {});
    expect(again).toEqual(first);
    expect((await simRequests()).length).toBe(before);
    // One save, as soon as Close gave the contact's ids; the note's id is the caller's to record.
    expect(saved).toEqual([
      {
        contact_id: first.contact_id,
        lead_id: first.lead_id,
        outcome: "created",
        routing: { lead_new: true },
      },
    ]);
  });

  it("gives up after three attempts when Close keeps failing a search", async () => {
    const close = createCloseClient(losingAnswers("POST /data/search/", 5));
    await expect(deliverNow(close, draft, options)).rejects.toMatchObject({
      kind: "unavailable",
    });
    expect((await simRequests()).map((r) => `${r.method} ${r.path}`)).toEqual(
      Array(3).fill("POST /api/v1/data/search/"),
    );
    expect(await simContacts()).toEqual([]);
  });
});

describe("finding the existing contact by email, then by phone", () => {
  const searches = async () =>
    (await simRequests()).filter((r) => r.path === "/api/v1/data/search/" && r.method === "POST");

  it("updates the email's contact even when more contacts share the phone than one search page holds", async () => {
    // Eleven people share an office line; the submitter's own contact, made last, has the email.
    for (let i = 0; i < 11; i++) {
      await closeApi("POST", "/contact/", {
        name: `Colleague ${i}`,
        phones: [{ phone: "+14155550100", type: "office" }],
      });
    }
    const own = await closeApi("POST", "/contact/", {
      name: "Ada Lovelace",
      emails: [{ email: "ada@example.com", type: "office" }],
    });
    const close = createCloseClient(http);
    const done = await upsertSubmission(close, draft, options, {}, async () => {});
    expect(done).toMatchObject({ outcome: "updated", contact_id: own.id });
    const updated = (await simContacts()).find((c) => c.id === own.id);
    expect(updated?.phones).toEqual([expect.objectContaining({ phone: "+14155550100" })]);
    const colleagues = (await simContacts()).filter((c) => c.id !== own.id);
    expect(colleagues.every((c) => (c.emails as unknown[]).length === 0)).toBe(true);
  });

  it("searches once when the first page holds the contact", async () => {
    const own = await closeApi("POST", "/contact/", {
      name: "Ada Lovelace",
      emails: [{ email: "ada@example.com", type: "office" }],
      phones: [{ phone: "+14155550100", type: "office" }],
    });
    const close = createCloseClient(http);
    const done = await upsertSubmission(close, draft, options, {}, async () => {});
    expect(done).toMatchObject({ outcome: "updated", contact_id: own.id });
    expect(await searches()).toHaveLength(1);
  });
});
