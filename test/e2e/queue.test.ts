import { beforeEach, describe, expect, it } from "vitest";
import {
  BRIDGE,
  delivered,
  devSecret,
  resetSimulator,
  SIMULATOR,
  simList,
  submission,
  waitFor,
} from "./helpers.ts";

const FORM = { accept: "application/json", origin: "http://127.0.0.1:8789" };

beforeEach(async () => {
  await resetSimulator();
});

async function setFaults(faults: Record<string, unknown>) {
  await fetch(`${SIMULATOR}/__sim/faults`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(faults),
  });
}

describe("queue mode under npm run dev", () => {
  it("answers before Close is even asked, then delivers; the admin API shows it", async () => {
    await setFaults({ latency_ms: 2000 });
    const response = await fetch(`${BRIDGE}/v1/hooks/website`, {
      method: "POST",
      headers: FORM,
      body: new URLSearchParams({ name: "Ada Lovelace", email: "ada@example.com" }),
    });
    expect(response.status).toBe(202);
    const { id } = (await response.json()) as { id: string };
    expect(id).toMatch(/^sub_/);
    // Every Close answer takes 2 s: when the sender has its answer, Close has stored nothing yet.
    expect(await simList("contacts")).toEqual([]);
    // Close answers at once again: the delivery (with the source's routing, a dozen requests)
    // finishes well within the wait.
    await setFaults({});
    expect((await delivered(id)).contact_id).toMatch(/^cont_/);
    expect(await simList("contacts")).toHaveLength(1);
    const anonymous = await fetch(`${BRIDGE}/v1/admin/submissions/${id}`);
    expect(anonymous.status).toBe(401);
    await setFaults({});
  }, 30_000);

  it("delivers 50 posts through 30% 503s: all delivered, exactly 50 contacts, each lead routed once", async () => {
    await setFaults({ error_rate: 0.3, error_status: 503 });
    const ids: string[] = [];
    for (let i = 0; i < 50; i++) {
      const response = await fetch(`${BRIDGE}/v1/hooks/website`, {
        method: "POST",
        headers: FORM,
        body: new URLSearchParams({ name: `Person ${i}`, email: `person${i}@example.com` }),
      });
      expect(response.status).toBe(202);
      ids.push(((await response.json()) as { id: string }).id);
    }
    // The 503s last a while, then clear: the website source's routing makes a dozen Close
    // requests per submission, each of which a 503 sends back to the queue.
    await new Promise((resolve) => setTimeout(resolve, 30_000));
    await setFaults({});
    await waitFor(async () => {
      const statuses = await Promise.all(ids.map(async (id) => (await submission(id)).status));
      return statuses.every((s) => s === "delivered") ? true : undefined;
    }, 150_000);
    expect(await simList("contacts")).toHaveLength(50);
    // Each person's new lead: one task and one form-submission activity, however many retries.
    expect(await simList("tasks")).toHaveLength(50);
    expect(await simList("custom_activities")).toHaveLength(50);
  }, 210_000);

  it("makes one submission and one contact of a body posted twice with one Idempotency-Key", async () => {
    const key = `e2e-${crypto.randomUUID()}`;
    const send = () =>
      fetch(`${BRIDGE}/v1/hooks/website`, {
        method: "POST",
        headers: { ...FORM, "idempotency-key": key },
        body: new URLSearchParams({ email: "grace@example.com" }),
      });
    const first = (await (await send()).json()) as { id: string };
    const again = await send();
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(((await again.json()) as { id: string }).id).toBe(first.id);
    await delivered(first.id);
    expect(await simList("contacts")).toHaveLength(1);
  }, 30_000);

  it("delivers zapier posts sent twice each through lost answers, 502s and a lagging search: one contact and one note per person", async () => {
    const ZAPIER = {
      "content-type": "application/json",
      authorization: `Bearer ${devSecret("ZAPIER_TOKEN")}`,
    };
    await setFaults({
      lost_response_rate: 0.25,
      error_rate: 0.15,
      error_status: 502,
      search_lag_ms: 3000,
    });
    const people = Array.from({ length: 10 }, (_, i) => ({
      id: `evt-e2e-${crypto.randomUUID()}`,
      contact: { email: `zap${i}@e2e.example`, name: `Zap Person ${i}` },
      company: { name: i % 2 === 0 ? "Even Corp" : "Odd Corp" },
      notes: `Hello from ${i}`,
    }));
    const post = async (body: unknown) => {
      const response = await fetch(`${BRIDGE}/v1/hooks/zapier`, {
        method: "POST",
        headers: ZAPIER,
        body: JSON.stringify(body),
      });
      expect([200, 202]).toContain(response.status);
      return ((await response.json()) as { id: string }).id;
    };
    // A retrying sender: every post twice, the second at once.
    const ids = await Promise.all(people.map(async (p) => [await post(p), await post(p)]));
    for (const [first, again] of ids) expect(again).toBe(first);
    // The faults last a while, then clear.
    await new Promise((resolve) => setTimeout(resolve, 15_000));
    await setFaults({});
    await waitFor(async () => {
      const statuses = await Promise.all(
        ids.map(async ([id]) => (await submission(id ?? "")).status),
      );
      return statuses.every((s) => s === "delivered") ? true : undefined;
    }, 150_000);
    const contacts = await simList("contacts");
    const emails = contacts.map((c) => (c.emails as { email: string }[])[0]?.email).sort();
    expect(emails).toEqual(people.map((p) => p.contact.email).sort());
    const notes = await simList("notes");
    expect(notes).toHaveLength(10);
    for (const p of people) {
      expect(notes.filter((n) => String(n.note).includes(p.notes))).toHaveLength(1);
    }
    const leads = await simList("leads");
    expect(leads.map((l) => l.name).sort()).toEqual(["Even Corp", "Odd Corp"]);
  }, 200_000);
});
