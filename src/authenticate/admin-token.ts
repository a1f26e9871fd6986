// The admin token check for the admin endpoints and the preview:
// `Authorization: Bearer <ADMIN_TOKEN>`, compared in constant time.
import { equalSecrets } from "./compare.ts";
import { readBearerToken } from "./credentials.ts";

/** Whether `header` is `Bearer <expected>`; an empty `expected` (unset token) never matches. */
export async function verifyBearerToken(header: string | null, expected: string): Promise<boolean> {
  const token = readBearerToken(header);
  if (token === null || expected === "") return false;
  return equalSecrets(token, expected);
}
