// The fields Close stamps on every object the API user creates: its organization, who created
// and last changed it (with their names), and when.
import { ORGANIZATION_ID, USER_ID, USER_NAME } from "../ids.ts";

/** Who made an object and when, as Close answers it. */
export type Authorship = {
  organization_id: string;
  created_by: string;
  created_by_name: string;
  updated_by: string;
  updated_by_name: string;
  date_created: string;
  date_updated: string;
};

/** The authorship of an object the API user creates at `now`. */
export function createdBy(now: string): Authorship {
  return {
    organization_id: ORGANIZATION_ID,
    created_by: USER_ID,
    created_by_name: USER_NAME,
    updated_by: USER_ID,
    updated_by_name: USER_NAME,
    date_created: now,
    date_updated: now,
  };
}
