import { describe, expect, it } from "vitest";
import inviteeCreated from "../fixtures/calendly/invitee-created.json";
import {
  copyOf,
  jsonDelivery,
  LONG_TEXT,
  prepareContact,
  refusalOf,
  sourceFor,
} from "../helpers/pipeline.ts";

const calendly = sourceFor("calendly");

describe("Calendly deliveries", () => {
  it("the invitee's time zone becomes the contact's time zone, and the booking leads the note", async () => {
    const { draft, extraction } = await prepareContact(jsonDelivery(inviteeCreated), calendly);
    expect(draft.timezone).toBe("America/Los_Angeles");
    expect(extraction.noteLines).toEqual(["Booked: 30 Minute Demo on 2026-03-10T17:00:00.000000Z"]);
    expect(extraction.tracking).toEqual({
      utm_campaign: "spring-demo",
      utm_source: "linkedin",
      utm_medium: "paid",
    });
  });

  it("a cancellation creates a contact when the source's events ask for it", async () => {
    const source = sourceFor("calendly", { events: ["invitee.created", "invitee.canceled"] });
    const canceled = { ...inviteeCreated, event: "invitee.canceled" };
    const prepared = await prepareContact(jsonDelivery(canceled), source);
    // Not mistaken for a redelivery of the booking, which has the same invitee uri.
    expect(prepared.eventId).toBe(`invitee.canceled:${inviteeCreated.payload.uri}`);
  });

  it("a Phone question's answer is a phone of the contact, besides the SMS reminder number", async () => {
    const body = copyOf(inviteeCreated);
    (body.payload as Record<string, unknown>).text_reminder_number = null;
    const { draft } = await prepareContact(jsonDelivery(body), calendly);
    expect(draft.phones).toEqual([{ phone: "+14155550123", type: "office" }]);
  });

  it("an invitee without email and phone is refused with 422 naming the invitee's fields", async () => {
    const body = copyOf(inviteeCreated);
    const invitee = body.payload as Record<string, unknown>;
    invitee.email = null;
    invitee.text_reminder_number = null;
    invitee.questions_and_answers = body.payload.questions_and_answers.filter(
      (item) => item.question !== "Phone number",
    );
    const refusal = await refusalOf(jsonDelivery(body), calendly);
    expect(refusal).toMatchObject({ code: "unmappable", status: 422 });
    expect(refusal.details[0]?.problem).toContain("payload.email");
    expect(refusal.details[0]?.problem).toContain("a question titled Phone");
  });

  it("fields override what the preset detects, addressing answers by question and paths by payload/tracking", async () => {
    const source = sourceFor("calendly", {
      fields: {
        company: "Which features matter most?",
        "custom.cf_source": "tracking.utm_source",
        "custom.cf_event": "payload.scheduled_event.name",
        "custom.cf_title": "Job title",
      },
    });
    const { draft } = await prepareContact(jsonDelivery(inviteeCreated), source);
    expect(draft.lead.name).toBe("Calling\nReporting");
    expect(draft.custom).toEqual({
      cf_source: "linkedin",
      cf_event: "30 Minute Demo",
      cf_title: "Head of Operations",
    });
  });

  it("the booking link's UTM tracking is mappable as hidden.utm_* (as for Typeform and Tally) and as tracking.utm_*", async () => {
    const source = sourceFor("calendly", {
      fields: {
        "custom.cf_source": "hidden.utm_source",
        "custom.cf_campaign": "tracking.utm_campaign",
        "lead.custom.cf_medium": "hidden.utm_medium",
      },
    });
    const { draft } = await prepareContact(jsonDelivery(inviteeCreated), source);
    expect(draft.custom).toEqual({ cf_source: "linkedin", cf_campaign: "spring-demo" });
    expect(draft.lead.custom).toEqual({ cf_medium: "paid" });
    // Mapped or not, the campaign stays in the note's tracking lines.
    expect(draft.note).toContain("utm_source: linkedin");
  });

  it("unusual content maps without error: emoji, right-to-left text, 10,000 characters, empty answers", async () => {
    const body = copyOf(inviteeCreated);
    Object.assign(body.payload, { name: "Noa 🌊 נועה", first_name: null, last_name: null });
    const [company, title, discuss] = body.payload.questions_and_answers;
    if (company) company.answer = "";
    if (title) title.answer = "";
    if (discuss) discuss.answer = LONG_TEXT;
    const { draft } = await prepareContact(jsonDelivery(body), calendly);
    expect(draft.name).toBe("Noa 🌊 נועה");
    expect(draft.lead.name).toBeUndefined();
    expect(draft.title).toBeUndefined();
    expect(draft.note).toContain(`What would you like to discuss? ${LONG_TEXT.trim()}`);
  });
});
