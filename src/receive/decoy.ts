// What a filled honeypot is told: the answer a real success carries, with made-up ids in the
// shape of Close's (its object type, `_`, then 43 letters and digits: `cont_sNIdBgng...`), so
// that a bot cannot tell it was caught.
const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
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
      if (byte < 248 && suffix.length < CLOSE_ID_LENGTH) suffix += ALPHABET[byte % ALPHABET.length];
    }
  }
  return `${prefix}_${suffix}`;
}
