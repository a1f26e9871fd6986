// A Cal.com delivery to try the source with (the console's Try it panel), in the shape
// the sender posts it.
import type { SenderExample } from "../types.ts";

/** A Cal.com delivery of one person, as the console's Try it panel offers it. */
export const calComExample: SenderExample = {
  contentType: "application/json",
  body: JSON.stringify(
    {
      triggerEvent: "BOOKING_CREATED",
      createdAt: "2026-03-04T10:32:12.538Z",
      payload: {
        type: "60min",
        title: "60min between Pro Example and John Doe",
        startTime: "2026-03-05T09:30:00Z",
        endTime: "2026-03-05T10:30:00Z",
        uid: "bFJeNb2uX8ANpT3JL5EfXw",
        responses: {
          name: { label: "your_name", value: "John Doe" },
          email: { label: "email_address", value: "john.doe@example.com" },
        },
        attendees: [{ email: "john.doe@example.com", name: "John Doe", timeZone: "Europe/London" }],
      },
    },
    null,
    2,
  ),
};
