// Emails: trimmed, `mailto:` removed, domain lowercased (the local part is the mailbox's own
// business), then validated.
import { EmailAddress, isEmailAddress } from "../validate/draft.ts";

/** An email ready for Close, or why it is not one. */
export type EmailResult = { ok: true; email: string } | { ok: false };

/**
 * Normalizes and validates an email address.
 *
 * @example
 * normalizeEmail("  Ada@Example.COM ") // => { ok: true, email: "Ada@example.com" }
 */
export function normalizeEmail(typed: string): EmailResult {
  const trimmed = typed.trim().replace(/^mailto:/i, "");
  const at = trimmed.lastIndexOf("@");
  if (at <= 0) return { ok: false };
  const email = `${trimmed.slice(0, at)}@${trimmed.slice(at + 1).toLowerCase()}`;
  // The hand check passes only what the schema passes; the schema has the last word on the rest.
  const valid = isEmailAddress(email) || EmailAddress.safeParse(email).success;
  return valid ? { ok: true, email } : { ok: false };
}
