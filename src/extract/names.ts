// The field names recognised without any `fields` mapping (SPEC section 1, stage 5): compared
// case-insensitively, with `-`, `_`, `.` and spaces alike.
import { memoize } from "../memo.ts";

/** The contact fields a submission's answers can fill. */
export type Target =
  | "name"
  | "first_name"
  | "last_name"
  | "title"
  | "email"
  | "phone"
  | "url"
  | "company"
  | "note"
  | "timezone";

/** Recognised names per target, most specific first. */
export const RECOGNISED_NAMES: Record<Target, readonly string[]> = {
  name: ["name", "full_name", "fullname", "your_name", "contact_name", "display_name"],
  first_name: ["first_name", "firstname", "fname", "given_name", "first"],
  last_name: ["last_name", "lastname", "lname", "surname", "family_name", "last"],
  title: ["title", "job_title", "jobtitle", "position", "role"],
  email: ["email", "e_mail", "email_address", "emailaddress", "your_email", "mail", "emails"],
  phone: [
    "phone",
    "tel",
    "telephone",
    "mobile",
    "phone_number",
    "phonenumber",
    "mobile_phone",
    "cell",
    "your_phone",
    "phones",
  ],
  url: ["website", "url", "web", "site", "homepage", "company_website", "websites", "urls"],
  company: ["company", "organization", "organisation", "company_name", "business", "org"],
  note: ["message", "comments", "comment", "note", "notes", "your_message", "enquiry", "inquiry"],
  timezone: ["timezone", "time_zone", "tz"],
};

/** Names whose answers describe where the visitor came from; they go last in the note. */
export const PAGE_URL_NAMES: readonly string[] = [
  "page_url",
  "pageurl",
  "page",
  "source_url",
  "landing_page",
];

/** `E-Mail Address` and `email_address` are the same name. */
export const normalizeName: (name: string) => string = memoize(
  (name) =>
    name
      .trim()
      .toLowerCase()
      .replace(/[\s\-_.]+/g, "_")
      // The list indexes a form puts at a field's end (`email[0]`, `email[0].`, `tags[1][2]`).
      .replace(/(?:_*\[\d+\])+_*$/, "")
      .replace(/^_+|_+$/g, ""),
  // A form sends the same field names every time: they are remembered.
  { entries: 5000, keyLength: 200 },
);

/** A name for recognition: the last segment of a JSON path (`contact.email` is `email`). */
export function recognitionName(key: string): string {
  const lastDot = key.lastIndexOf(".");
  return normalizeName(lastDot >= 0 ? key.slice(lastDot + 1) : key);
}

/** Whether a name is a UTM parameter (`utm_source`, `UTM-Campaign`, ...). */
export function isUtmName(name: string): boolean {
  return normalizeName(name).startsWith("utm_");
}
