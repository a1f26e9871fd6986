// The email stage's quick hand check never passes what the schema refuses, and its answer is stable.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { normalizeEmail } from "../../src/map/email.ts";
import { EmailAddress, isEmailAddress } from "../../src/validate/draft.ts";

/** Some text that may or may not be an email: addresses, near misses and noise. */
const typed = fc.oneof(
  fc.emailAddress(),
  fc.emailAddress().map((email) => email.toUpperCase()),
  fc.string({ maxLength: 40 }),
  fc.string({ maxLength: 40, unit: fc.constantFrom("a", "Z", "0", "@", ".", "-", "_", "+", " ") }),
  fc.string({ maxLength: 40, unit: "binary" }),
);
const RUNS = { numRuns: 1000 };

describe("normalizeEmail", () => {
  it("accepts an address exactly when the EmailAddress schema accepts its normalized form", () => {
    fc.assert(
      fc.property(typed, (text) => {
        const result = normalizeEmail(text);
        if (result.ok) {
          expect(EmailAddress.safeParse(result.email).success).toBe(true);
        } else {
          // The same normalization by hand: what the stage would have checked.
          const trimmed = text.trim().replace(/^mailto:/i, "");
          const at = trimmed.lastIndexOf("@");
          const candidate = `${trimmed.slice(0, at)}@${trimmed.slice(at + 1).toLowerCase()}`;
          if (at > 0) expect(EmailAddress.safeParse(candidate).success).toBe(false);
        }
      }),
      RUNS,
    );
  });

  it("never lets the hand check pass text the schema refuses", () => {
    fc.assert(
      fc.property(typed, (text) => {
        if (isEmailAddress(text)) expect(EmailAddress.safeParse(text).success).toBe(true);
      }),
      RUNS,
    );
  });

  it("gives an accepted address back unchanged when it is normalized again", () => {
    fc.assert(
      fc.property(typed, (text) => {
        const result = normalizeEmail(text);
        if (result.ok) expect(normalizeEmail(result.email)).toEqual(result);
      }),
      RUNS,
    );
  });

  it("reads an address the same with spaces, `mailto:` and an upper-case domain around it", () => {
    fc.assert(
      fc.property(
        fc.emailAddress(),
        fc.constantFrom("", " ", "\t", "\n "),
        fc.constantFrom("", "mailto:", "MAILTO:", "MailTo:"),
        (email, space, scheme) => {
          const at = email.lastIndexOf("@");
          const dressed = `${space}${scheme}${email.slice(0, at)}@${email.slice(at + 1).toUpperCase()}${space}`;
          expect(normalizeEmail(dressed)).toEqual(normalizeEmail(email));
        },
      ),
      RUNS,
    );
  });
});
