// The conformance table every provider meets: each fixture becomes exactly its expected draft
// with the sender's event id, a redelivery keeps that id (a changed event does not), a body of
// a foreign shape is a 422 naming what is missing, and events that are not submissions are
// ignored. Each provider's quirks are tested in its own file beside this one.
import { describe, expect, it } from "vitest";
import type { RawSubmission } from "../../src/pipeline.ts";
import calComBookingDraft from "../fixtures/cal_com/booking-created.expected.json";
import calComBooking from "../fixtures/cal_com/booking-created.json";
import calComDocumentedDraft from "../fixtures/cal_com/documented-example.expected.json";
import calComDocumented from "../fixtures/cal_com/documented-example.json";
import calendlyDocumentedDraft from "../fixtures/calendly/documented-example.expected.json";
import calendlyDocumented from "../fixtures/calendly/documented-example.json";
import calendlyInviteeDraft from "../fixtures/calendly/invitee-created.expected.json";
import calendlyInvitee from "../fixtures/calendly/invitee-created.json";
import filloutDraft from "../fixtures/fillout/submission.expected.json";
import filloutSubmission from "../fixtures/fillout/submission.json";
import framerDraft from "../fixtures/framer/submission.expected.json";
import framerSubmission from "../fixtures/framer/submission.json";
import hubspotAllPropertiesDraft from "../fixtures/hubspot/contact-all-properties.expected.json";
import hubspotAllProperties from "../fixtures/hubspot/contact-all-properties.json";
import hubspotCustomBodyDraft from "../fixtures/hubspot/contact-custom-body.expected.json";
import hubspotCustomBody from "../fixtures/hubspot/contact-custom-body.json";
import jotformDraft from "../fixtures/jotform/submission.expected.json";
import standardWebhooksDraft from "../fixtures/standard_webhooks/contact-created.expected.json";
import standardWebhooksEvent from "../fixtures/standard_webhooks/contact-created.json";
import tallyDraft from "../fixtures/tally/form-response.expected.json";
import tallyResponse from "../fixtures/tally/form-response.json";
import typeformDocumentedDraft from "../fixtures/typeform/documented-example.expected.json";
import typeformDocumented from "../fixtures/typeform/documented-example.json";
import typeformResponseDraft from "../fixtures/typeform/form-response.expected.json";
import typeformResponse from "../fixtures/typeform/form-response.json";
import webflowDocumentedDraft from "../fixtures/webflow/form-submission.expected.json";
import webflowDocumented from "../fixtures/webflow/form-submission.json";
import webflowFullDraft from "../fixtures/webflow/form-submission-full.expected.json";
import webflowFull from "../fixtures/webflow/form-submission-full.json";
import {
  jsonDelivery,
  multipartDelivery,
  prepare,
  prepareContact,
  refusalOf,
  sourceFor,
} from "../helpers/pipeline.ts";
import { jotformDelivery } from "./jotform-delivery.ts";

type Delivery = () => RawSubmission | Promise<RawSubmission>;

/** One provider's row of the table. */
type Provider = {
  /** The preset's name, and the source's. */
  preset: string;
  /** Source options besides the preset (a token for senders that cannot sign). */
  options?: Record<string, unknown>;
  /** Real payloads, each with its exact draft and the event id the sender gave it. */
  fixtures: { label: string; deliver: Delivery; draft: unknown; eventId: string }[];
  /** The fixture's event type; undefined for senders without event types. */
  eventType: string | undefined;
  /** A later delivery that is a different event, with its id when the test pins it. */
  changed?: { deliver: Delivery; eventId?: string };
  /** Bodies that are not this sender's shape, and the field the 422 names (when it names one). */
  foreign: { deliveries: Delivery[]; field?: string };
  /** Deliveries of events that are not submissions, with the event type each reports. */
  ignored: { deliver: Delivery; eventType: string }[];
};

const json =
  (body: unknown, headers?: Record<string, string>): Delivery =>
  () =>
    jsonDelivery(body, headers);
const framerHeaders = { "Framer-Webhook-Submission-Id": "0fbbb90e-564b-4870-ac8b-78f9bc4e44a6" };
const standardHeaders = {
  "webhook-id": "msg_2KWPBgLlAfxdpx2AI54pPJ85f4W",
  "webhook-timestamp": "1772655970",
};

const PROVIDERS: Provider[] = [
  {
    preset: "typeform",
    fixtures: [
      {
        label: "Typeform's documented example",
        deliver: json(typeformDocumented),
        draft: typeformDocumentedDraft,
        eventId: "LtWXD3crgy",
      },
      {
        label: "a response with every answer type",
        deliver: json(typeformResponse),
        draft: typeformResponseDraft,
        eventId: typeformResponse.event_id,
      },
    ],
    eventType: "form_response",
    changed: { deliver: json({ ...typeformResponse, event_id: "01HZX7M3Q4K9V2N8B5T6R1Y0XX" }) },
    foreign: {
      deliveries: [
        json({}),
        json({ event_type: "form_response" }),
        json({ form_response: "nope" }),
      ],
      field: "form_response",
    },
    ignored: [
      {
        deliver: json({ ...typeformResponse, event_type: "form_response_partial" }),
        eventType: "form_response_partial",
      },
      { deliver: json({ event_id: "x", event_type: "ping" }), eventType: "ping" },
    ],
  },
  {
    preset: "tally",
    fixtures: [
      {
        label: "Tally's documented example (every field type)",
        deliver: json(tallyResponse),
        draft: tallyDraft,
        eventId: "a4cb511e-d513-4fa5-baee-b815d718dfd1",
      },
    ],
    eventType: "FORM_RESPONSE",
    changed: { deliver: json({ ...tallyResponse, eventId: "b-other" }), eventId: "b-other" },
    foreign: {
      deliveries: [json({}), json({ eventType: "FORM_RESPONSE", data: {} }), json([1, 2])],
      field: "data.fields",
    },
    ignored: [
      { deliver: json({ ...tallyResponse, eventType: "FORM_UPDATED" }), eventType: "FORM_UPDATED" },
      { deliver: json({ eventId: "x", eventType: "PING" }), eventType: "PING" },
    ],
  },
  {
    preset: "webflow",
    fixtures: [
      {
        label: "Webflow's documented example",
        deliver: json(webflowDocumented),
        draft: webflowDocumentedDraft,
        eventId: "6321ca84df3949bfc6752327",
      },
      {
        label: "a submission with every field type",
        deliver: json(webflowFull),
        draft: webflowFullDraft,
        eventId: webflowFull.payload.id,
      },
    ],
    eventType: "form_submission",
    foreign: {
      deliveries: [
        json({}),
        json({ triggerType: "form_submission", payload: { data: "x" } }),
        json(["text"]),
      ],
      field: "payload.data",
    },
    ignored: [
      {
        deliver: json({
          triggerType: "site_publish",
          payload: { siteId: "62749158efef318abc8d5a0f", publishedOn: "2023-07-31T12:00:00.000Z" },
        }),
        eventType: "site_publish",
      },
    ],
  },
  {
    preset: "jotform",
    // Jotform cannot sign: its source takes a token in the URL (?token=).
    options: { auth: { type: "token", secret: "JOTFORM_TOKEN", query: true } },
    fixtures: [
      {
        label: "a multipart submission with every question type",
        deliver: () => jotformDelivery(),
        draft: jotformDraft,
        eventId: "6123456789012345678",
      },
    ],
    eventType: undefined,
    foreign: {
      deliveries: [() => multipartDelivery({ formID: "1", pretty: "a:b" })],
      field: "rawRequest",
    },
    ignored: [],
  },
  {
    preset: "fillout",
    // Fillout does not sign its webhooks: its source takes a token.
    options: { auth: { type: "token", secret: "FILLOUT_TOKEN", query: true } },
    fixtures: [
      {
        label: "a submission with every question type",
        deliver: json(filloutSubmission),
        draft: filloutDraft,
        eventId: "ab9959b2-73e8-4994-85b9-56e780b89ce3",
      },
    ],
    eventType: undefined,
    foreign: {
      deliveries: [json({}), json({ submission: { questions: "none" } }), json(null)],
      field: "questions",
    },
    ignored: [],
  },
  {
    preset: "framer",
    fixtures: [
      {
        label: "a form submission (its submission id header the event id)",
        deliver: json(framerSubmission, framerHeaders),
        draft: framerDraft,
        eventId: "0fbbb90e-564b-4870-ac8b-78f9bc4e44a6",
      },
    ],
    eventType: undefined,
    foreign: { deliveries: [json([1, 2], framerHeaders), json(["text"], framerHeaders)] },
    ignored: [],
  },
  {
    preset: "calendly",
    fixtures: [
      {
        label: "Calendly's documented example",
        deliver: json(calendlyDocumented),
        draft: calendlyDocumentedDraft,
        eventId: calendlyDocumented.payload.uri,
      },
      {
        label: "a booking with answers, tracking and a scheduled event",
        deliver: json(calendlyInvitee),
        draft: calendlyInviteeDraft,
        eventId: calendlyInvitee.payload.uri,
      },
    ],
    eventType: "invitee.created",
    foreign: {
      deliveries: [
        json({}),
        json({ event: "invitee.created" }),
        json({ event: "invitee.created", payload: [] }),
      ],
      field: "payload",
    },
    ignored: ["invitee.canceled", "invitee_no_show.created", "routing_form_submission.created"].map(
      (event) => ({ deliver: json({ ...calendlyInvitee, event }), eventType: event }),
    ),
  },
  {
    preset: "cal_com",
    fixtures: [
      {
        label: "Cal.com's documented example",
        deliver: json(calComDocumented),
        draft: calComDocumentedDraft,
        eventId: calComDocumented.payload.uid,
      },
      {
        label: "a booking with custom questions, a phone and guests",
        deliver: json(calComBooking),
        draft: calComBookingDraft,
        eventId: "n8Xy2QpL4vRtK9mZ1aWcDe",
      },
    ],
    eventType: "BOOKING_CREATED",
    foreign: {
      deliveries: [
        json({}),
        json({ triggerEvent: "BOOKING_CREATED", payload: {} }),
        json({ payload: { attendees: 3 } }),
      ],
      field: "payload.attendees",
    },
    ignored: ["BOOKING_CANCELLED", "BOOKING_RESCHEDULED", "MEETING_ENDED", "PING"].map(
      (triggerEvent) => ({
        deliver: json({ ...calComBooking, triggerEvent }),
        eventType: triggerEvent,
      }),
    ),
  },
  {
    preset: "hubspot",
    fixtures: [
      {
        label: "a contact with all its properties",
        deliver: json(hubspotAllProperties),
        draft: hubspotAllPropertiesDraft,
        eventId: "3234574@1741015260000",
      },
      {
        label: "a customized body of chosen properties",
        deliver: json(hubspotCustomBody),
        draft: hubspotCustomBodyDraft,
        eventId: "3234575@2026-03-04T10:32:12.000Z",
      },
    ],
    eventType: undefined,
    // A later enrollment after a change of the record is a new event.
    changed: {
      deliver: json({ ...hubspotCustomBody, lastmodifieddate: "2026-04-01T08:00:00.000Z" }),
    },
    foreign: { deliveries: [json([1, 2]), json(["text"]), json(null)], field: "properties" },
    ignored: [],
  },
  {
    preset: "standard_webhooks",
    fixtures: [
      {
        label: "a sender's event (its webhook-id the event id)",
        deliver: json(standardWebhooksEvent, standardHeaders),
        draft: standardWebhooksDraft,
        eventId: "msg_2KWPBgLlAfxdpx2AI54pPJ85f4W",
      },
    ],
    eventType: "contact.created",
    // Any JSON is a Standard Webhooks event, and the source's `events` say which are ignored
    // (standard-webhooks.test.ts).
    foreign: { deliveries: [] },
    ignored: [],
  },
];

const fixtures = PROVIDERS.flatMap((provider) =>
  provider.fixtures.map((fixture) => ({ ...fixture, provider })),
);
const foreignBodies = PROVIDERS.flatMap((provider) =>
  provider.foreign.deliveries.map((deliver, index) => ({ provider, deliver, index })),
);
const ignoredEvents = PROVIDERS.flatMap((provider) =>
  provider.ignored.map((event) => ({ ...event, provider })),
);

/** The source of a provider's row. */
function sourceOf(provider: Provider) {
  return sourceFor(provider.preset, provider.options);
}

describe("every provider", () => {
  it.each(fixtures)(
    "$provider.preset: $label becomes exactly the expected contact, with the sender's event id",
    async ({ provider, deliver, draft, eventId }) => {
      const prepared = await prepareContact(await deliver(), sourceOf(provider));
      expect(prepared.draft).toEqual(draft);
      expect(prepared.eventId).toBe(eventId);
      expect(prepared.extraction.eventType).toBe(provider.eventType);
    },
  );

  it.each(PROVIDERS)(
    "$preset: a redelivery keeps its event id, so it is recognised as the same submission",
    async (provider) => {
      const [fixture] = provider.fixtures;
      if (!fixture) throw new Error(`${provider.preset} has no fixture`);
      const source = sourceOf(provider);
      const first = await prepareContact(await fixture.deliver(), source);
      const again = await prepareContact(await fixture.deliver(), source);
      expect(first.eventId).toBe(fixture.eventId);
      expect(again.eventId).toBe(first.eventId);
    },
  );

  it.each(PROVIDERS.filter((provider) => provider.changed))(
    "$preset: a different event gets a different event id",
    async (provider) => {
      const { changed, fixtures: [fixture] = [] } = provider;
      if (!changed || !fixture) throw new Error(`${provider.preset} has no changed event`);
      const prepared = await prepareContact(await changed.deliver(), sourceOf(provider));
      expect(prepared.eventId).not.toBe(fixture.eventId);
      if (changed.eventId !== undefined) expect(prepared.eventId).toBe(changed.eventId);
    },
  );

  it.each(foreignBodies)(
    "$provider.preset: a body of a foreign shape (#$index) is refused with 422",
    async ({ provider, deliver }) => {
      const refusal = await refusalOf(await deliver(), sourceOf(provider));
      expect(refusal).toMatchObject({ code: "unmappable", status: 422 });
      if (provider.foreign.field !== undefined) {
        expect(refusal.details[0]?.field).toBe(provider.foreign.field);
      }
    },
  );

  it.each(ignoredEvents)(
    "$provider.preset: a $eventType event is ignored, not refused",
    async ({ provider, deliver, eventType }) => {
      const prepared = await prepare(await deliver(), sourceOf(provider));
      expect(prepared).toMatchObject({ kind: "ignored", eventType });
    },
  );
});
