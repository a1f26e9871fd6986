// The name of an HTTP header a source's `auth` reads (`X-Api-Key`, `X-Signature`), checked when
// the configuration is read, so that a space or a colon in it is named there, not at run time.
import * as z from "../zod.ts";

/** An HTTP header's name, as a sender's settings spell it. */
export const HeaderName = z
  .string()
  .check(
    z.regex(
      /^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/,
      "must be an HTTP header name such as X-Api-Key (letters, digits and - only, no colon)",
    ),
  );
