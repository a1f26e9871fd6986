// A Webflow delivery to try the source with (the console's Try it panel), in the shape
// the sender posts it.
import type { SenderExample } from "../types.ts";

/** A Webflow delivery of one person, as the console's Try it panel offers it. */
export const webflowExample: SenderExample = {
  contentType: "application/json",
  body: JSON.stringify(
    {
      triggerType: "form_submission",
      payload: {
        name: "Contact Us",
        siteId: "65427cf400e02b306eaa049c",
        data: {
          "First Name": "Zaphod",
          "Last Name": "Beeblebrox",
          email: "zaphod@heartofgold.example",
          "Phone Number": "+1 415 555 0100",
        },
        submittedAt: "2026-03-04T10:32:12.117Z",
        id: "6321ca84df3949bfc6752327",
        formId: "65429eadebe8a9f3a30f62d0",
      },
    },
    null,
    2,
  ),
};
