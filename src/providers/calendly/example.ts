// A Calendly delivery to try the source with (the console's Try it panel), in the shape
// the sender posts it.
import type { SenderExample } from "../types.ts";

/** A Calendly delivery of one person, as the console's Try it panel offers it. */
export const calendlyExample: SenderExample = {
  contentType: "application/json",
  body: JSON.stringify(
    {
      created_at: "2026-03-04T10:32:12.000000Z",
      event: "invitee.created",
      payload: {
        email: "john.doe@example.com",
        name: "John Doe",
        status: "active",
        timezone: "America/New_York",
        questions_and_answers: [{ question: "Company", answer: "Doe Industries" }],
        uri: "https://api.calendly.com/scheduled_events/AAAAAAAAAAAAAAAA/invitees/AAAAAAAAAAAAAAAA",
      },
    },
    null,
    2,
  ),
};
