// The log's search key for a person's email: an HMAC-SHA256 of the address, trimmed and
// lowercased, keyed by a secret. The log finds a submission by email without a scan, and keeps
// no address once the draft is gone: without the key, the hash cannot be tested against guesses.
import { encodeHex, encodeUtf8 } from "../authenticate/bytes.ts";
import { importHmacKey } from "../authenticate/hmac.ts";
import { readSecret } from "../config/load.ts";
import * as z from "../zod.ts";

/** Keys by the Worker's bindings (one object per isolate): derived once. */
const keys = new WeakMap<Env, Promise<string>>();

/** What the key is derived from when `EMAIL_HASH_KEY` is not set. */
const DERIVATION_LABEL = "close-bridge email search v1";

async function hmacHex(secret: string, text: string): Promise<string> {
  const key = await importHmacKey("sha256", secret);
  return encodeHex(new Uint8Array(await crypto.subtle.sign("HMAC", key, encodeUtf8(text))));
}

/**
 * The key emails are hashed with: the `EMAIL_HASH_KEY` secret, or else one derived from
 * `CLOSE_API_KEY` (so that a new key for Close makes earlier rows unsearchable by email; set
 * `EMAIL_HASH_KEY` to keep them searchable across such a change). Empty when neither is set.
 */
export function emailHashKey(env: Env): Promise<string> {
  let key = keys.get(env);
  if (key === undefined) {
    const own = readSecret(env, "EMAIL_HASH_KEY");
    const closeKey = readSecret(env, "CLOSE_API_KEY");
    key =
      own !== ""
        ? Promise.resolve(own)
        : closeKey === ""
          ? Promise.resolve("")
          : hmacHex(closeKey, DERIVATION_LABEL);
    keys.set(env, key);
  }
  return key;
}

/** An email as the log compares it: trimmed, Unicode-normalized and lowercased. */
export function normalizeEmail(email: string): string {
  return email.trim().normalize("NFC").toLowerCase();
}

/**
 * The search hash of `email` under `key`; undefined without a key or an email.
 *
 * @example
 * await hashEmail(await emailHashKey(env), " Ada@Example.com ") // same as for "ada@example.com"
 */
export async function hashEmail(
  key: string,
  email: string | undefined,
): Promise<string | undefined> {
  if (key === "" || email === undefined) return undefined;
  const normalized = normalizeEmail(email);
  return normalized === "" ? undefined : hmacHex(key, normalized);
}

/** The search hashes of a person's emails, each once (none without a key). */
export async function hashEmails(key: string, emails: string[]): Promise<string[]> {
  const hashes = await Promise.all(emails.map((email) => hashEmail(key, email)));
  return [...new Set(hashes.filter((hash): hash is string => hash !== undefined))];
}

/** The search hashes of a draft's emails, with this deployment's key (what a row records). */
export async function hashDraftEmails(
  env: Env,
  draft: { emails: readonly { email: string }[] },
): Promise<string[]> {
  return hashEmails(
    await emailHashKey(env),
    draft.emails.map((e) => e.email),
  );
}

/** The emails of a stored draft, as far as hashing needs them. */
const DraftEmails = z.deferred(() =>
  z.looseObject({ emails: z.array(z.looseObject({ email: z.string() })) }),
);

/**
 * Hashes every email of up to `limit` submissions recorded before each email was hashed (only
 * their first was), whose draft is still kept; answers how many it did. The scheduled sweep
 * runs it until none is left; without a key it waits for one.
 */
export async function hashEarlierEmails(db: D1Database, key: string, limit: number) {
  if (key === "") return 0;
  const { results } = await db
    .prepare(
      "SELECT id, draft FROM submissions WHERE emails_hashed = 0 AND draft IS NOT NULL LIMIT ?",
    )
    .bind(limit)
    .all<{ id: string; draft: string }>();
  const statements: D1PreparedStatement[] = [];
  for (const { id, draft } of results) {
    let emails: string[] = [];
    try {
      const parsed = DraftEmails.safeParse(JSON.parse(draft));
      emails = parsed.success ? parsed.data.emails.map((e) => e.email) : [];
    } catch {
      // A draft that is not JSON was written by nothing of ours: it has no email to hash.
    }
    const hashes = JSON.stringify(await hashEmails(key, emails));
    // The row's new list files its hashes (the refile trigger, migration 0011).
    statements.push(
      db
        .prepare("UPDATE submissions SET emails_hashed = 1, email_hashes = ?2 WHERE id = ?1")
        .bind(id, hashes),
    );
  }
  if (statements.length > 0) await db.batch(statements);
  return results.length;
}
