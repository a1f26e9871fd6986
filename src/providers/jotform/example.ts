// A Jotform delivery to try the source with (the console's Try it panel), in the shape
// the sender posts it.
import type { SenderExample } from "../types.ts";

/** A Jotform delivery of one person, as the console's Try it panel offers it. */
export const jotformExample: SenderExample = {
  contentType: "application/json",
  body: JSON.stringify(
    {
      formID: "251234567890123",
      formTitle: "Contact Sales",
      submissionID: "6123456789012345678",
      pretty:
        "Name:Grace Hopper, E-mail:grace@cobol.example, Phone Number:(415) 555-0177, Company:COBOL Systems",
      rawRequest: {
        q3_name: { first: "Grace", last: "Hopper" },
        q4_email: "grace@cobol.example",
        q5_phoneNumber: { full: "(415) 555-0177" },
        q6_company: "COBOL Systems",
      },
    },
    null,
    2,
  ),
};
