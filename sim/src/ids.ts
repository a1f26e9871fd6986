// Close-style object ids (`cont_`, `lead_`, `acti_`, `task_`, `oppo_`, `stat_` + 43 random
// alphanumerics) and the organization and API user that stay the same for the whole simulator.
const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
const ID_LENGTH = 43;

/** The simulated organization: every object carries it as `organization_id`. */
export const ORGANIZATION_ID = "orga_SimuLat0rCl0seBr1dgeOrgan1zat10nXXXXXXXXXXX";

/** The simulated API user: every write records it as `created_by` / `updated_by`. */
export const USER_ID = "user_SimuLat0rCl0seBr1dgeAp1UserXXXXXXXXXXXXXXXX";

/** The simulated user's display name, for the `*_name` fields Close adds. */
export const USER_NAME = "Close Simulator";

/** The API user's email (GET /me/). */
export const USER_EMAIL = "api-user@close-simulator.example";

/** The organization's name (GET /me/ `organizations`). */
export const ORGANIZATION_NAME = "close-bridge simulator";

/** The kinds of object this simulator creates ids for. */
export type IdPrefix = "cont" | "lead" | "acti" | "stat" | "task" | "oppo";

/** Returns a new random id such as `cont_` followed by 43 letters and digits. */
export function generateId(prefix: IdPrefix): string {
  // 248 is the largest multiple of 62 below 256: rejecting larger bytes keeps every
  // character equally likely.
  let suffix = "";
  while (suffix.length < ID_LENGTH) {
    for (const byte of crypto.getRandomValues(new Uint8Array(ID_LENGTH * 2))) {
      if (byte < 248 && suffix.length < ID_LENGTH) suffix += ALPHABET[byte % ALPHABET.length];
    }
  }
  return `${prefix}_${suffix}`;
}
