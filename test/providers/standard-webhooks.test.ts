import { describe, expect, it } from "vitest";
import contactCreated from "../fixtures/standard_webhooks/contact-created.json";
import {
  jsonDelivery,
  LONG_TEXT,
  prepare,
  prepareContact,
  refusalOf,
  sourceFor,
} from "../helpers/pipeline.ts";

const standardWebhooks = sourceFor("standard_webhooks");
const WEBHOOK_ID = "msg_2KWPBgLlAfxdpx2AI54pPJ85f4W";
const headers = { "webhook-id": WEBHOOK_ID, "webhook-timestamp": "1772655970" };

describe("Standard Webhooks deliveries", () => {
  it("event types outside the source's events are ignored", async () => {
    const source = sourceFor("standard_webhooks", { events: ["contact.created"] });
    const deleted = { ...contactCreated, type: "contact.deleted" };
    expect(await prepare(jsonDelivery(deleted, headers), source)).toMatchObject({
      kind: "ignored",
      eventType: "contact.deleted",
    });
    expect((await prepare(jsonDelivery(contactCreated, headers), source)).kind).toBe("contact");
  });

  it("an event without email and phone is refused with 422 saying where they were looked for", async () => {
    const body = { type: "contact.created", data: { name: "Nobody" } };
    const refusal = await refusalOf(jsonDelivery(body, headers), standardWebhooks);
    expect(refusal).toMatchObject({ code: "unmappable", status: 422 });
    expect(refusal.details[0]?.problem).toContain("a key named email or phone");
  });

  it("fields override what the preset detects, addressing the sender's JSON by path", async () => {
    const source = sourceFor("standard_webhooks", {
      fields: { company: "data.plan", "custom.cf_id": "data.id", "custom.cf_type": "type" },
    });
    const { draft } = await prepareContact(jsonDelivery(contactCreated, headers), source);
    expect(draft.lead.name).toBe("enterprise");
    expect(draft.custom).toEqual({
      cf_id: "1f81eb52-5198-4599-803e-771906343485",
      cf_type: "contact.created",
    });
  });

  it("unusual content maps without error: emoji, right-to-left text, 10,000 characters, empty answers", async () => {
    const body = {
      ...contactCreated,
      data: {
        ...contactCreated.data,
        name: "Lior 🧭 ליאור",
        message: LONG_TEXT,
        company: "",
        plan: null,
      },
    };
    const { draft } = await prepareContact(jsonDelivery(body, headers), standardWebhooks);
    expect(draft.name).toBe("Lior 🧭 ליאור");
    expect(draft.lead.name).toBeUndefined();
    expect(draft.note).toContain(LONG_TEXT.trim());
  });
});
