// A Typeform delivery to try the source with (the console's Try it panel), in the shape
// the sender posts it.
import type { SenderExample } from "../types.ts";

/** A Typeform delivery of one person, as the console's Try it panel offers it. */
export const typeformExample: SenderExample = {
  contentType: "application/json",
  body: JSON.stringify(
    {
      event_id: "01HZX7M3Q4K9V2N8B5T6R1Y0WE",
      event_type: "form_response",
      form_response: {
        form_id: "lT4Z3j",
        token: "a3a12ec67a1365927098a606107fac15",
        submitted_at: "2026-03-04T10:32:12Z",
        hidden: { utm_source: "newsletter" },
        definition: {
          fields: [
            { id: "xq1Name", ref: "full_name", title: "What is your name?", type: "short_text" },
            { id: "xq2Email", ref: "work_email", title: "Your work email?", type: "email" },
            { id: "xq3Company", ref: "company", title: "Where do you work?", type: "short_text" },
            { id: "xq4Message", ref: "message", title: "How can we help?", type: "long_text" },
          ],
        },
        answers: [
          {
            type: "text",
            text: "Ada Lovelace",
            field: { id: "xq1Name", type: "short_text", ref: "full_name" },
          },
          {
            type: "email",
            email: "ada@analytical.example",
            field: { id: "xq2Email", type: "email", ref: "work_email" },
          },
          {
            type: "text",
            text: "Analytical Engines",
            field: { id: "xq3Company", type: "short_text", ref: "company" },
          },
          {
            type: "text",
            text: "A demo for a team of twelve, please.",
            field: { id: "xq4Message", type: "long_text", ref: "message" },
          },
        ],
      },
    },
    null,
    2,
  ),
};
