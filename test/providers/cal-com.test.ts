import { describe, expect, it } from "vitest";
import bookingCreated from "../fixtures/cal_com/booking-created.json";
import documentedExample from "../fixtures/cal_com/documented-example.json";
import {
  copyOf,
  jsonDelivery,
  LONG_TEXT,
  prepareContact,
  refusalOf,
  sourceFor,
} from "../helpers/pipeline.ts";

const calCom = sourceFor("cal_com");

describe("Cal.com deliveries", () => {
  it("a cancellation taken with events is not mistaken for a redelivery of its booking", async () => {
    const source = sourceFor("cal_com", { events: ["BOOKING_CREATED", "BOOKING_CANCELLED"] });
    const cancelled = { ...bookingCreated, triggerEvent: "BOOKING_CANCELLED" };
    const prepared = await prepareContact(jsonDelivery(cancelled), source);
    expect(prepared.eventId).toBe("BOOKING_CANCELLED:n8Xy2QpL4vRtK9mZ1aWcDe");
  });

  it("a booking without email and phone is refused with 422 naming the attendee and responses", async () => {
    const body = copyOf(bookingCreated);
    body.payload.attendees = [
      { ...body.payload.attendees[0], email: "" } as (typeof body.payload.attendees)[number],
    ];
    const responses = body.payload.responses as Record<string, unknown>;
    delete responses.attendeePhoneNumber;
    const refusal = await refusalOf(jsonDelivery(body), calCom);
    expect(refusal).toMatchObject({ code: "unmappable", status: 422 });
    expect(refusal.details[0]?.problem).toContain("payload.attendees[0].email");
  });

  it("the booker's responses are read when there is no attendee", async () => {
    const body = copyOf(documentedExample);
    body.payload.attendees = [];
    const { draft } = await prepareContact(jsonDelivery(body), calCom);
    expect(draft.name).toBe("John Doe");
    expect(draft.emails).toEqual([{ email: "john.doe@example.com", type: "office" }]);
  });

  it("fields override what the preset detects, addressing responses by name and label", async () => {
    const source = sourceFor("cal_com", {
      fields: {
        company: "How many sales reps?",
        "custom.cf_seats": "seats",
        "custom.cf_company": "responses.company",
        "custom.cf_location": "responses.location.value",
      },
    });
    const { draft } = await prepareContact(jsonDelivery(bookingCreated), source);
    expect(draft.lead.name).toBe("11-50");
    expect(draft.custom).toEqual({
      cf_seats: 15,
      cf_company: "Earth Ltd",
      cf_location: "integrations:daily",
    });
  });

  it("unusual content maps without error: emoji, right-to-left text, 10,000 characters, empty answers", async () => {
    const body = copyOf(bookingCreated);
    const [attendee] = body.payload.attendees;
    if (attendee) attendee.name = "Omar 🛰️ عمر";
    Object.assign(body.payload.responses, {
      notes: { label: "additional_notes", value: LONG_TEXT },
      company: { label: "Company", value: "" },
      tools: { label: "Which tools do you use today?", value: [] },
    });
    const { draft } = await prepareContact(jsonDelivery(body), calCom);
    expect(draft.name).toBe("Omar 🛰️ عمر");
    expect(draft.lead.name).toBeUndefined();
    expect(draft.note).toContain(LONG_TEXT.trim());
    expect(draft.note).not.toContain("Which tools");
  });
});
