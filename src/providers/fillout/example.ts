// A Fillout delivery to try the source with (the console's Try it panel), in the shape
// the sender posts it.
import type { SenderExample } from "../types.ts";

/** A Fillout delivery of one person, as the console's Try it panel offers it. */
export const filloutExample: SenderExample = {
  contentType: "application/json",
  body: JSON.stringify(
    {
      formId: "cLZojxk94ous",
      formName: "Book a call",
      submission: {
        submissionId: "ab9959b2-73e8-4994-85b9-56e780b89ce3",
        submissionTime: "2026-03-04T10:32:12.228Z",
        questions: [
          {
            id: "bE2Bo4",
            name: "What is your name?",
            type: "ShortAnswer",
            value: "Johnny Fillout",
          },
          {
            id: "kc6S6T",
            name: "What is your email?",
            type: "EmailInput",
            value: "johnny@fillout.example",
          },
          { id: "cO4mPa", name: "Company", type: "ShortAnswer", value: "Fillout Labs" },
        ],
      },
    },
    null,
    2,
  ),
};
