// Submission ids: `sub_` + 26 Crockford base32 characters, time-ordered like a ULID, so the
// newest-first log pages by id alone.
const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/**
 * A new submission id; later ids sort after earlier ones.
 *
 * @example
 * newSubmissionId() // => "sub_01JD3K5Q7W8X9Y0Z1A2B3C4D5E"
 */
export function newSubmissionId(now: number = Date.now()): string {
  let time = "";
  let rest = now;
  for (let i = 0; i < 10; i++) {
    time = ALPHABET[rest % 32] + time;
    rest = Math.floor(rest / 32);
  }
  const random = crypto.getRandomValues(new Uint8Array(16));
  let tail = "";
  for (const byte of random) tail += ALPHABET[byte % 32];
  return `sub_${time}${tail}`;
}

/** A new incident id: `inc_` and the same time-ordered characters as a submission id. */
export function newIncidentId(now: number = Date.now()): string {
  return `inc_${newSubmissionId(now).slice("sub_".length)}`;
}

/** Whether a string looks like a submission id. */
export function isSubmissionId(value: string): boolean {
  return /^sub_[0-9A-HJKMNP-TV-Z]{26}$/.test(value);
}

// What a filled honeypot is told: the answer a real success carries, with made-up ids in the
// shape of Close's (its object type, `_`, then 43 letters and digits), so that a bot cannot
// tell it was caught.
const CLOSE_ID_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
const CLOSE_ID_LENGTH = 43;

/**
 * A random id shaped like a Close object id, for an answer to spam.
 *
 * @example
 * decoyCloseId("cont") // => "cont_sNIdBgngvbdTTEN1mspKgUqKAWfbul4IITvnWoRw1T7"
 */
export function decoyCloseId(prefix: "cont" | "lead"): string {
  let suffix = "";
  while (suffix.length < CLOSE_ID_LENGTH) {
    for (const byte of crypto.getRandomValues(new Uint8Array(CLOSE_ID_LENGTH * 2))) {
      // 248 is the largest multiple of 62 below 256: skipping larger bytes keeps every
      // character equally likely, as in a real id.
      if (byte < 248 && suffix.length < CLOSE_ID_LENGTH)
        suffix += CLOSE_ID_ALPHABET[byte % CLOSE_ID_ALPHABET.length];
    }
  }
  return `${prefix}_${suffix}`;
}
