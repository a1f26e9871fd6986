import { beforeEach, describe, expect, it } from "vitest";
import { shippedSources } from "../helpers/bridge.ts";
import { PROVIDER_DELIVERIES, type ProviderDelivery, requestOf } from "../helpers/deliveries.ts";
import { queueHarness } from "../helpers/queue.ts";
import { resetWorld } from "../helpers/reset.ts";
import { simContacts, simLeads, simNotes } from "../helpers/sim.ts";

beforeEach(resetWorld);

const shipped = () => queueHarness({ SOURCES: shippedSources() });

const textOf = (d: ProviderDelivery) =>
  typeof d.body === "string" ? d.body : new TextDecoder().decode(d.body);

describe.each(PROVIDER_DELIVERIES)("a signed $source delivery through the Worker", (delivery) => {
  it("becomes the right contact, lead and note in Close", async () => {
    const h = shipped();
    const response = await h.fetch(...(await requestOf(delivery)));
    expect(response.status).toBe(202);
    const { id } = (await response.json()) as { id: string };
    const { acked } = await h.consume([{ id }]);
    expect(acked).toEqual([id]);

    const [contact, ...others] = await simContacts();
    expect(others).toEqual([]);
    const { expected } = delivery;
    expect(contact?.name ?? undefined).toBe(expected.name);
    expect((contact?.emails as { email: string }[] | undefined)?.map((e) => e.email)).toEqual(
      expected.emails.map((e) => e.email),
    );
    expect((contact?.phones as { phone: string }[] | undefined)?.map((p) => p.phone)).toEqual(
      expected.phones.map((p) => p.phone),
    );
    const [lead] = await simLeads();
    expect(lead?.id).toBe(contact?.lead_id);
    // No company: Close names the lead after the contact.
    expect(lead?.name).toBe(expected.lead.name ?? expected.name ?? expected.emails[0]?.email);
    const notes = await simNotes();
    if (expected.note) {
      expect(notes).toHaveLength(1);
      expect(notes[0]?.lead_id).toBe(lead?.id);
      expect(notes[0]?.note).toBe(
        `${expected.note}\n\nclose-bridge submission ${id} (source: ${delivery.source})`,
      );
    } else {
      expect(notes).toEqual([]);
    }
  });

  it("recognises a redelivery of the same event", async () => {
    const h = shipped();
    const first = (await (await h.fetch(...(await requestOf(delivery)))).json()) as { id: string };
    // The sender signs its retry anew (a later timestamp) but it is the same event.
    const again = await h.fetch(...(await requestOf(delivery, { nowMs: Date.now() + 1000 })));
    expect(again.status).toBe(200);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(((await again.json()) as { id: string }).id).toBe(first.id);
    expect(h.sent).toEqual([{ id: first.id }]);
  });
});

/** Non-submission events of senders that have event types: answered `ignored`, nothing made. */
const otherEvents: [string, (body: Record<string, unknown>) => void][] = [
  ["typeform", (body) => Object.assign(body, { event_type: "form_changed" })],
  ["tally", (body) => Object.assign(body, { eventType: "FORM_UPDATED" })],
  ["webflow", (body) => Object.assign(body, { triggerType: "site_publish" })],
  ["calendly", (body) => Object.assign(body, { event: "invitee.canceled" })],
  ["cal_com", (body) => Object.assign(body, { triggerEvent: "BOOKING_CANCELLED" })],
];

describe.each(otherEvents)("a %s event that is not a submission", (source, change) => {
  it("is answered 200 ignored and creates nothing", async () => {
    const delivery = PROVIDER_DELIVERIES.find((d) => d.source === source) as ProviderDelivery;
    const body = JSON.parse(textOf(delivery)) as Record<string, unknown>;
    change(body);
    const text = JSON.stringify(body);
    const h = shipped();
    const response = await h.fetch(
      ...(await requestOf(delivery, { body: text, headers: await delivery.sign(text) })),
    );
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: "ignored" });
    expect(h.sent).toEqual([]);
  });
});
