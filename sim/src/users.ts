// The organization's members: the API key's own user (ids.ts) and the `USERS` of the
// configuration, as `GET /me/` and `GET /user/` answer them, and how a user-type custom field
// reads a value (a user's id, or their exact name).
import type { UserDefinition } from "./config.ts";
import { ORGANIZATION_ID, ORGANIZATION_NAME, USER_EMAIL, USER_ID, USER_NAME } from "./ids.ts";

// The users come from configuration, so they have no real creation date.
const JOINED_AT = "2024-01-01T00:00:00.000000+00:00";

/** The API key's own user, first of the organization's members. */
export const API_USER: UserDefinition = {
  id: USER_ID,
  email: USER_EMAIL,
  first_name: USER_NAME.split(" ")[0] ?? USER_NAME,
  last_name: USER_NAME.split(" ").slice(1).join(" "),
};

/** Every member: the API user, then the configured users. */
export function listMembers(configured: readonly UserDefinition[]): UserDefinition[] {
  return [API_USER, ...configured];
}

/** A user's full name, as Close writes it in `*_name` fields. */
export function fullNameOf(user: UserDefinition): string {
  return `${user.first_name} ${user.last_name}`.trim();
}

/** The user object `GET /user/` answers (the fields Close's users are seen with). */
export function presentUser(user: UserDefinition): Record<string, unknown> {
  return {
    id: user.id,
    email: user.email,
    first_name: user.first_name,
    last_name: user.last_name,
    image: null,
    last_used_timezone: null,
    email_verified_at: JOINED_AT,
    date_created: JOINED_AT,
    date_updated: JOINED_AT,
  };
}

/** `GET /me/`: the API user with the one organization its key belongs to. */
export function presentMe(): Record<string, unknown> {
  return {
    ...presentUser(API_USER),
    email_accounts: [],
    organizations: [{ id: ORGANIZATION_ID, name: ORGANIZATION_NAME }],
    memberships: [{ id: "memb_SimuLat0rCl0seBr1dgeMembersh1pXXXXXXXXXXXXX" }],
  };
}

/**
 * The id a user-type value names: a member's id, or a member's exact full name (Close takes
 * both and stores the id); null when it names nobody.
 */
export function resolveUserReference(
  value: string,
  members: readonly UserDefinition[],
): string | null {
  const member =
    members.find((user) => user.id === value) ?? members.find((user) => fullNameOf(user) === value);
  return member?.id ?? null;
}
