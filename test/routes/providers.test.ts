import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { ContactDraft } from "../../src/validate/draft.ts";
import { shippedSources } from "../helpers/bridge.ts";
import { PROVIDER_DELIVERIES, type ProviderDelivery, requestOf } from "../helpers/deliveries.ts";
import { queueHarness } from "../helpers/queue.ts";
import { resetWorld } from "../helpers/reset.ts";
import {
  customFieldId,
  type SimRecord,
  simContacts,
  simLeads,
  simNotes,
  simOpportunities,
  simRequests,
} from "../helpers/sim.ts";

beforeEach(resetWorld);
afterEach(() => {
  vi.restoreAllMocks();
});

const shipped = () => queueHarness({ SOURCES: shippedSources() });

const textOf = (d: ProviderDelivery) =>
  typeof d.body === "string" ? d.body : new TextDecoder().decode(d.body);

/** A Close record's custom fields (`custom.cf_x` keys) as a draft holds them (`cf_x`). */
function customOf(record: SimRecord): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(record)
      .filter(([key]) => key.startsWith("custom."))
      .map(([key, value]) => [key.slice("custom.".length), value]),
  );
}

/** The contact Close stored, in the draft's terms: every field a draft can fill, nothing else. */
function storedContact(contact: SimRecord) {
  const emails = contact.emails as { email: string; type: string }[];
  const phones = contact.phones as { phone: string; type: string }[];
  const urls = contact.urls as { url: string; type: string }[];
  return {
    ...(contact.name ? { name: contact.name } : {}),
    ...(contact.title ? { title: contact.title } : {}),
    emails: emails.map(({ email, type }) => ({ email, type })),
    phones: phones.map(({ phone, type }) => ({ phone, type })),
    urls: urls.map(({ url, type }) => ({ url, type })),
    ...(contact.timezone ? { timezone: contact.timezone } : {}),
    custom: customOf(contact),
  };
}

/** The lead Close stored, in the draft's terms. */
function storedLead(lead: SimRecord) {
  return {
    ...(lead.name ? { name: lead.name } : {}),
    ...(lead.url ? { url: lead.url } : {}),
    ...(lead.description ? { description: lead.description } : {}),
    custom: customOf(lead),
  };
}

/** What the shipped wrangler.toml routes for the schedulers: the lead's source, an opportunity. */
const BOOKINGS: Record<string, { leadSource: string; meeting: string }> = {
  calendly: { leadSource: "Calendly", meeting: "30 Minute Demo on 2026-03-10T17:00:00.000000Z" },
  cal_com: {
    leadSource: "Cal.com",
    meeting: "Intro call between Sales Team and Arthur Dent on 2026-03-12T14:00:00Z",
  },
};

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
    // The fixture's expected draft, as the extract tests check it field by field.
    const expected = delivery.expected as ContactDraft;
    const { lead: expectedLead, note: _, ...expectedContact } = expected;
    expect(contact && storedContact(contact)).toEqual(expectedContact);
    const [lead, ...otherLeads] = await simLeads();
    expect(otherLeads).toEqual([]);
    expect(lead?.id).toBe(contact?.lead_id);
    const booking = BOOKINGS[delivery.source];
    expect(lead && storedLead(lead)).toEqual({
      ...expectedLead,
      // No company: Close names the lead after the contact.
      name: expectedLead.name ?? expected.name ?? expected.emails[0]?.email,
      custom: {
        ...expectedLead.custom,
        ...(booking ? { [customFieldId("lead", "Lead source")]: booking.leadSource } : {}),
      },
    });
    const opportunities = await simOpportunities();
    if (booking) {
      expect(opportunities).toEqual([
        expect.objectContaining({
          lead_id: lead?.id,
          contact_id: contact?.id,
          status_label: "Active",
          note: `Meeting: ${booking.meeting}\n\nclose-bridge submission ${id} (source: ${delivery.source})`,
        }),
      ]);
    } else {
      expect(opportunities).toEqual([]);
    }
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
    expect(h.sent).toEqual([{ id: first.id, turn: 0 }]);
  });
});

/** Non-submission events of senders that have event types: answered `ignored`, nothing sent. */
const otherEvents: [source: string, eventField: string, event: string][] = [
  ["typeform", "event_type", "form_changed"],
  ["tally", "eventType", "FORM_UPDATED"],
  ["webflow", "triggerType", "site_publish"],
  ["calendly", "event", "invitee.canceled"],
  ["cal_com", "triggerEvent", "BOOKING_CANCELLED"],
];

/** What in a log line could be the person: their email, name or phone (its last ten digits). */
function personalDataIn(line: string, draft: ContactDraft): string[] {
  const digits = line.replace(/\D/g, "");
  return [
    ...draft.emails.map((e) => e.email).filter((email) => line.includes(email)),
    ...(draft.name && line.includes(draft.name) ? [draft.name] : []),
    ...draft.phones.map((p) => p.phone).filter((phone) => digits.includes(phone.slice(-10))),
  ];
}

describe.each(otherEvents)(
  "a %s event that is not a submission (%s: %s)",
  (source, field, event) => {
    it("is answered 200 ignored, logged without personal data, and nothing reaches Close", async () => {
      const delivery = PROVIDER_DELIVERIES.find((d) => d.source === source) as ProviderDelivery;
      const body = JSON.parse(textOf(delivery)) as Record<string, unknown>;
      body[field] = event;
      const text = JSON.stringify(body);
      const lines: string[] = [];
      vi.spyOn(console, "log").mockImplementation((line: string) => void lines.push(line));
      const h = shipped();
      const response = await h.fetch(
        ...(await requestOf(delivery, { body: text, headers: await delivery.sign(text) })),
      );
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({ status: "ignored", event });

      const ignoredLines = lines.filter((line) => line.includes('"event":"submission.ignored"'));
      expect(ignoredLines.map((line) => JSON.parse(line))).toEqual([
        expect.objectContaining({ level: "info", source, event_type: event }),
      ]);
      const draft = delivery.expected as ContactDraft;
      expect(lines.flatMap((line) => personalDataIn(line, draft))).toEqual([]);

      expect(h.sent).toEqual([]);
      expect(await simRequests()).toEqual([]);
    });
  },
);
