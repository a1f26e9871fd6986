// A Framer delivery to try the source with (the console's Try it panel), in the shape
// the sender posts it.
import type { SenderExample } from "../types.ts";

/** A Framer delivery of one person, as the console's Try it panel offers it. */
export const framerExample: SenderExample = {
  contentType: "application/json",
  body: JSON.stringify(
    {
      Name: "Ford Prefect",
      Email: "ford@guide.example",
      Company: "Megadodo Publications",
      Message: "Looking for a CRM that works on Betelgeuse time.",
    },
    null,
    2,
  ),
};
