// Delivery against a Close whose search shows writes late (the simulator's `search_lag_ms`):
// lost answers resumed without duplicates, and one lead per company however many arrive at once.
import { env } from "cloudflare:workers";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { loadSubmission } from "../../src/store/submissions.ts";
import { queueHarness } from "../helpers/queue.ts";
import { resetWorld } from "../helpers/reset.ts";
import { setFaults, simContacts, simLeads, simNotes, simRequests } from "../helpers/sim.ts";

beforeEach(resetWorld);
afterEach(() => {
  vi.restoreAllMocks();
});

function harness(vars: Record<string, unknown> = {}) {
  return queueHarness({
    SOURCES: { s: { preset: "json", allow_unprotected: true, fields: { company: "company" } } },
    ...vars,
  });
}

async function post(h: ReturnType<typeof harness>, body: Record<string, unknown>) {
  const response = await h.fetch("/v1/hooks/s", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ message: "hello", ...body }),
  });
  return ((await response.json()) as { id: string }).id;
}

/** Close carries out the first `times` requests matching, and their answers are lost. */
function loseAnswers(method: string, path: string, times = 1) {
  const realFetch = globalThis.fetch;
  let lost = 0;
  vi.spyOn(globalThis, "fetch").mockImplementation(async (input, init) => {
    const response = await realFetch(input, init);
    const url = new URL(input instanceof Request ? input.url : String(input));
    if (init?.method === method && url.pathname.endsWith(path) && lost < times) {
      lost += 1;
      throw new DOMException("The operation timed out.", "TimeoutError");
    }
    return response;
  });
}

const delivered = async (ids: string[]) =>
  (await Promise.all(ids.map((id) => loadSubmission(env.DB, id)))).map((s) => s?.status);

describe("when Close's search lags behind its writes", () => {
  it("resumes a contact whose create answer was lost only once the search shows it: one contact", async () => {
    // Search sees writes 1.5 s late; the bridge waits 2 s before looking for a lost write.
    const h = harness({ SEARCH_SETTLE_S: "2" });
    await setFaults({ search_lag_ms: 1500 });
    const id = await post(h, { email: "lagged@example.com" });
    loseAnswers("POST", "/contact/");
    const first = await h.consume([{ id, turn: 0 }]);
    vi.restoreAllMocks();
    expect(first.later).toEqual([{ id, turn: 1, delaySeconds: 2 }]);
    await h.drain(50, 5);
    expect(await delivered([id])).toEqual(["delivered"]);
    expect(await simContacts()).toHaveLength(1);
    expect(await simNotes()).toHaveLength(1);
  });

  it("finds a contact it put on a known lead by reading the lead, however far the search lags", async () => {
    const h = harness({ SEARCH_SETTLE_S: "1" });
    // The company's lead is known to the bridge (an earlier submission made it).
    const earlier = await post(h, { email: "first@example.com", company: "Lagging Ltd" });
    await h.drain();
    expect(await delivered([earlier])).toEqual(["delivered"]);
    // Search now lags a minute: far longer than the bridge's settle delay.
    await setFaults({ search_lag_ms: 60_000 });
    const id = await post(h, { email: "second@example.com", company: "Lagging Ltd" });
    loseAnswers("POST", "/contact/");
    await h.consume([{ id, turn: 0 }]);
    vi.restoreAllMocks();
    await h.drain(50, 5);
    expect(await delivered([id])).toEqual(["delivered"]);
    expect(await simContacts()).toHaveLength(2);
    expect(await simLeads()).toHaveLength(1);
    expect(await simNotes()).toHaveLength(2);
    const reads = (await simRequests()).filter(
      (r) => r.method === "GET" && /\/lead\/lead_/.test(r.path),
    );
    expect(reads.length).toBeGreaterThanOrEqual(1);
  });

  it("makes one lead of a new company whose people all arrive at once", async () => {
    const h = harness();
    await setFaults({ search_lag_ms: 3000 });
    const ids: string[] = [];
    for (let i = 0; i < 6; i++) {
      ids.push(await post(h, { email: `person${i}@newco.example`, company: "NewCo" }));
    }
    // One batch, delivered concurrently.
    await h.consume(ids.map((id) => ({ id, turn: 0 })));
    await h.drain(100, 3);
    expect(await delivered(ids)).toEqual(Array(6).fill("delivered"));
    const leads = await simLeads();
    expect(leads).toHaveLength(1);
    const contacts = await simContacts();
    expect(contacts).toHaveLength(6);
    expect(new Set(contacts.map((c) => c.lead_id))).toEqual(new Set([leads[0]?.id]));
    expect(await simNotes()).toHaveLength(6);
  });

  it("makes one lead of a new company when the lead's create answer was lost", async () => {
    const h = harness({ SEARCH_SETTLE_S: "2" });
    await setFaults({ search_lag_ms: 1500 });
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      ids.push(await post(h, { email: `p${i}@lostlead.example`, company: "LostLead" }));
    }
    loseAnswers("POST", "/lead/");
    await h.consume(ids.map((id) => ({ id, turn: 0 })));
    vi.restoreAllMocks();
    await h.drain(100, 3);
    expect(await delivered(ids)).toEqual(Array(3).fill("delivered"));
    expect(await simLeads()).toHaveLength(1);
    expect(await simContacts()).toHaveLength(3);
    expect(await simNotes()).toHaveLength(3);
  });
});
