// The `standard_webhooks` preset: any sender that follows Standard Webhooks
// (https://www.standardwebhooks.com/). The body is the sender's own JSON, read like the `json`
// preset; the delivery's id is the `webhook-id` header, which stays the same on every retry.

import { textAt } from "../../extract/payload/read.ts";
import { flattenAnswers, jsonDocumentOf } from "../../extract/presets/json.ts";
import type { Preset } from "../../extract/types.ts";

// The spec's envelope (`{ type, timestamp, data }`): read for the event, not the person.
const ENVELOPE_KEYS = new Set(["type", "timestamp"]);

/** Standard Webhooks senders: JSON leaves as answers, `webhook-id` as the event id. */
export const standardWebhooksPreset: Preset = {
  name: "standard_webhooks",
  headers: ["webhook-id"],
  contactHint: "a key named email or phone (at any depth), or a `fields` mapping to them",
  extract(payload, context) {
    const { body } = payload;
    const document = jsonDocumentOf(payload);
    const answers = flattenAnswers(body).filter((answer) => !ENVELOPE_KEYS.has(answer.key));
    const webhookId = context.headers.get("webhook-id")?.trim();
    const eventType = textAt(body, "type");
    return {
      answers,
      document,
      ...(webhookId ? { eventId: webhookId } : {}),
      ...(eventType !== undefined ? { eventType } : {}),
    };
  },
};
