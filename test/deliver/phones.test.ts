// A phone the bridge's own check accepts and Close refuses (Close validates with fuller metadata
// than the bridge bundles): handled per the source's `invalid_phone`, never retried in a loop.
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { normalizePhone } from "../../src/map/phone.ts";
import { loadSubmission } from "../../src/store/submissions.ts";
import { installTestPhoneMetadata } from "../helpers/phone-metadata.ts";
import { queueHarness } from "../helpers/queue.ts";
import { resetWorld } from "../helpers/reset.ts";
import { simContacts, simNotes, simRequests } from "../helpers/sim.ts";

beforeEach(resetWorld);

/** Valid by the bridge's `min` metadata, refused by Close's (sim/README.md). */
const REFUSED = "(264) 234-5678";

function harness(source: Record<string, unknown> = {}) {
  return queueHarness({
    SOURCES: {
      s: {
        preset: "json",
        allow_unprotected: true,
        fields: { company: "company" },
        ...source,
      },
    },
  });
}

async function deliver(h: ReturnType<typeof harness>, body: Record<string, unknown>) {
  const response = await h.fetch("/v1/hooks/s", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ message: "Call me", ...body }),
  });
  expect(response.status).toBe(202);
  const { id } = (await response.json()) as { id: string };
  await h.drain();
  return loadSubmission(env.DB, id);
}

const contactWrites = async () =>
  (await simRequests()).filter(
    (r) => r.method !== "GET" && (r.path === "/api/v1/contact/" || r.path === "/api/v1/lead/"),
  );

describe("a phone Close refuses", () => {
  it("is accepted by the bridge's own check (so only Close can refuse it)", () => {
    installTestPhoneMetadata();
    expect(normalizePhone(REFUSED, "US")).toEqual({ ok: true, e164: "+12642345678" });
  });

  it.each([
    ["a contact without a company", {}],
    ["a contact on a new company's lead", { company: "Phoneless Inc" }],
  ])(
    "with invalid_phone = drop, %s is delivered without it, and the note keeps it",
    async (_, extra) => {
      const h = harness();
      const delivered = await deliver(h, { email: "drop@example.com", phone: REFUSED, ...extra });
      expect(delivered).toMatchObject({ status: "delivered", attempts: 1 });
      const [contact] = await simContacts();
      expect(contact?.phones).toEqual([]);
      expect(contact?.emails).toEqual([expect.objectContaining({ email: "drop@example.com" })]);
      const [note] = await simNotes();
      expect(note?.note).toContain("+12642345678");
      // Sent once with the phone, once without: never again.
      expect(await contactWrites()).toHaveLength(2);
    },
  );

  it("with invalid_phone = reject, goes dead at once with Close's reason", async () => {
    const h = harness({ invalid_phone: "reject" });
    const dead = await deliver(h, { email: "reject@example.com", phone: REFUSED });
    expect(dead).toMatchObject({ status: "dead", attempts: 1, last_error_code: "close_rejected" });
    expect(dead?.last_error_details).toEqual([
      { field: "phones", problem: "Invalid phone number." },
    ]);
    expect(await simContacts()).toEqual([]);
    expect(await contactWrites()).toHaveLength(1);
  });

  it("goes dead when the phone was the only way to reach the person", async () => {
    const h = harness();
    const dead = await deliver(h, { name: "Only A Phone", phone: REFUSED });
    expect(dead).toMatchObject({ status: "dead", attempts: 1, last_error_code: "close_rejected" });
    expect(await contactWrites()).toHaveLength(1);
  });
});
