// A HubSpot delivery to try the source with (the console's Try it panel), in the shape
// the sender posts it.
import type { SenderExample } from "../types.ts";

/** A HubSpot delivery of one person, as the console's Try it panel offers it. */
export const hubspotExample: SenderExample = {
  contentType: "application/json",
  body: JSON.stringify(
    {
      hs_object_id: "3234575",
      email: "trillian@heartofgold.example",
      firstname: "Tricia",
      lastname: "McMillan",
      company: "Heart of Gold",
      jobtitle: "Astrophysicist",
    },
    null,
    2,
  ),
};
