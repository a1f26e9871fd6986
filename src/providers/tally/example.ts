// A Tally delivery to try the source with (the console's Try it panel), in the shape
// the sender posts it.
import type { SenderExample } from "../types.ts";

/** A Tally delivery of one person, as the console's Try it panel offers it. */
export const tallyExample: SenderExample = {
  contentType: "application/json",
  body: JSON.stringify(
    {
      eventId: "a4cb511e-d513-4fa5-baee-b815d718dfd1",
      eventType: "FORM_RESPONSE",
      createdAt: "2026-03-04T10:32:12.000Z",
      data: {
        responseId: "2wgx4n",
        formId: "VwbNEw",
        formName: "Contact us",
        fields: [
          { key: "question_3EKz4n", label: "Name", type: "INPUT_TEXT", value: "Alice Example" },
          {
            key: "question_w4Q4Xn",
            label: "Email",
            type: "INPUT_EMAIL",
            value: "alice@example.com",
          },
          {
            key: "question_3jZaa3",
            label: "Phone number",
            type: "INPUT_PHONE_NUMBER",
            value: "+32491223344",
          },
          { key: "question_3Nrpl3", label: "Message", type: "TEXTAREA", value: "Hello world" },
        ],
      },
    },
    null,
    2,
  ),
};
