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

/** Whether a string looks like a submission id. */
export function isSubmissionId(value: string): boolean {
  return /^sub_[0-9A-HJKMNP-TV-Z]{26}$/.test(value);
}
