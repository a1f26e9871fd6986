// A Standard Webhooks delivery to try the source with (the console's Try it panel), in the shape
// the sender posts it.
import type { SenderExample } from "../types.ts";

/** A Standard Webhooks delivery of one person, as the console's Try it panel offers it. */
export const standardWebhooksExample: SenderExample = {
  contentType: "application/json",
  body: JSON.stringify(
    {
      type: "contact.created",
      timestamp: "2026-03-04T20:26:10.344522Z",
      data: {
        id: "1f81eb52-5198-4599-803e-771906343485",
        email: "slartibartfast@magrathea.example",
        name: "Slartibartfast",
        company: "Magrathea Planet Builders",
        message: "We build coastlines.",
      },
    },
    null,
    2,
  ),
};
