// Shared helpers for the simulator's tests: authenticated calls to its Close API through the
// Worker's own fetch handler, and the test-only `/__sim/` endpoints.
import { exports } from "cloudflare:workers";

/** The development key the simulator accepts (first of `API_KEYS` in sim/wrangler.toml). */
export const DEV_KEY = "api_dev.closebridge0simulator0key";
/** The second key the sim test project accepts (vitest.config.ts), with its own rate-limit budget. */
export const SECOND_KEY = "api_test.second0key";
/** The other keys of sim/wrangler.toml: with the two above, five keys of one organization. */
export const MORE_KEYS = [
  "api_dev.closebridge0simulator0key2",
  "api_dev.closebridge0simulator0key3",
  "api_dev.closebridge0simulator0key4",
] as const;

const ORIGIN = "http://sim.test";

/** An answer with its JSON body already read. */
export type JsonAnswer<T = Record<string, unknown>> = {
  status: number;
  headers: Headers;
  body: T;
};

/** How to authenticate a call: the dev key by default, another key, a raw header, or none. */
export type Credentials =
  | { key: string }
  | { bearer: string }
  | { authorization: string }
  | { none: true };

/** The `Authorization` value of HTTP Basic with `key` as user and an empty password. */
export function basicAuthorization(key: string = DEV_KEY): string {
  return `Basic ${btoa(`${key}:`)}`;
}

/** Sends a raw request through the simulator Worker's fetch handler. */
export function sendToSimulator(path: string, init: RequestInit = {}): Promise<Response> {
  return exports.default.fetch(new Request(`${ORIGIN}${path}`, init));
}

/** Calls the Close API at `/api/v1{path}` with a JSON body and reads the JSON answer. */
export async function callApi<T = Record<string, unknown>>(
  method: string,
  path: string,
  body?: unknown,
  credentials: Credentials = { key: DEV_KEY },
): Promise<JsonAnswer<T>> {
  const headers = new Headers();
  if ("key" in credentials) headers.set("Authorization", basicAuthorization(credentials.key));
  if ("bearer" in credentials) headers.set("Authorization", `Bearer ${credentials.bearer}`);
  if ("authorization" in credentials) headers.set("Authorization", credentials.authorization);
  if (body !== undefined) headers.set("Content-Type", "application/json");
  const response = await sendToSimulator(`/api/v1${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, headers: response.headers, body: (await response.json()) as T };
}

/** Reads one of the test-only listings, e.g. `readSimulator("leads")`. */
export async function readSimulator<T = Record<string, unknown>>(
  what:
    | "contacts"
    | "leads"
    | "notes"
    | "requests"
    | "tasks"
    | "custom_activities"
    | "opportunities"
    | "unsubscribed_emails"
    | "alerts",
): Promise<T[]> {
  const response = await sendToSimulator(`/__sim/${what}`);
  return ((await response.json()) as { data: T[] }).data;
}

/** Clears data, request log, faults and rate-limit counters. */
export async function resetSimulator(): Promise<void> {
  const response = await sendToSimulator("/__sim/reset", { method: "POST" });
  if (response.status !== 200) throw new Error(`reset answered ${response.status}`);
}

/** Replaces the active faults; returns the answer of `/__sim/faults`. */
export async function setFaults(faults: Record<string, unknown>): Promise<JsonAnswer> {
  const response = await sendToSimulator("/__sim/faults", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(faults),
  });
  return {
    status: response.status,
    headers: response.headers,
    body: (await response.json()) as Record<string, unknown>,
  };
}

/** Creates a contact with the dev key and returns it (failing the test if Close refuses). */
export async function createContact(body: Record<string, unknown>): Promise<Contact> {
  const answer = await callApi<Contact>("POST", "/contact/", body);
  if (answer.status !== 200) throw new Error(`creating a contact answered ${answer.status}`);
  return answer.body;
}

/** Creates a lead with the dev key and returns it (failing the test if Close refuses). */
export async function createLead(body: Record<string, unknown>): Promise<Lead> {
  const answer = await callApi<Lead>("POST", "/lead/", body);
  if (answer.status !== 200) throw new Error(`creating a lead answered ${answer.status}`);
  return answer.body;
}

/** The organization of sim/wrangler.toml: its users, statuses and activity type, by name. */
export const ORGANIZATION = {
  apiUser: { id: "user_SimuLat0rCl0seBr1dgeAp1UserXXXXXXXXXXXXXXXX", name: "Close Simulator" },
  riley: { id: "user_xEEsAoCaA2QTqpOoast0vQj8VMtbYo9Mqb5jZMQObDD", email: "riley@example.com" },
  sam: { id: "user_MOTsoYtxqAYfwFBHPl8KsLcsf1YaHxpFjttuDDekSEU", email: "sam@example.com" },
  potential: "stat_SimuLat0rPotentia1StatusXXXXXXXXXXXXXXXXXXX",
  qualified: "stat_SimuLat0rQua1ifiedStatusXXXXXXXXXXXXXXXXXXX",
  pipeline: "pipe_EA8OxUvpsAPa7A4a09n9OPBOjan439M6MQibLg5GmNp",
  active: "stat_87zraDd6uVtuSvXppcHsjTqu0whpfFdtOp3rzHjUsGd",
  won: "stat_0wyanwfQuvxBGtpMZh4mNU5MP4fLi38BJlV5JN5imMk",
  formSubmission: "actitype_lgmbf7xUsP0P9gjcl7NSWS",
  /** Fields of the "Form submission" type. */
  source: "custom.cf_hU8WownKBfl7fDf4cKjjRUXkXnAcWwhR3zAqhNyMmwV",
  consent: "custom.cf_v4zr83Cs1Ynr9aESaUm3fZAj9Lo7vAKXgV1r41YWauk",
  message: "custom.cf_xALsxWnkPmZUHcIfraTbJg2V1rmghFFwba4eTqRA3hv",
} as const;

/** The parts of a contact the tests read. */
export type Contact = {
  id: string;
  lead_id: string;
  name: string | null;
  display_name: string;
  emails: { email: string; type: string; is_unsubscribed: boolean }[];
  phones: { phone: string; type: string; country: string | null; phone_formatted: string }[];
  urls: { url: string; type: string }[];
  date_updated: string;
  [key: string]: unknown;
};

/** The parts of a lead the tests read. */
export type Lead = {
  id: string;
  name: string | null;
  display_name: string;
  contacts: Contact[];
  contact_ids: string[];
  [key: string]: unknown;
};

/** An error answer in Close's validation shape. */
export type ValidationErrorBody = { errors: string[]; "field-errors": Record<string, string> };

/** The documented body that finds contacts by one of their emails or phones (close-api.md). */
function contactsWith(
  related: "contact_email" | "contact_phone",
  value: string,
  extra: Record<string, unknown> = {},
) {
  return {
    query: {
      type: "and",
      queries: [
        { type: "object_type", object_type: "contact" },
        {
          type: "has_related",
          this_object_type: "contact",
          related_object_type: related,
          related_query: {
            type: "field_condition",
            field: {
              type: "regular_field",
              object_type: related,
              field_name: related === "contact_email" ? "email" : "phone",
            },
            condition: { type: "text", mode: "exact_value", value },
          },
        },
      ],
    },
    ...extra,
  };
}

/** A search body for contacts having `email`, answering their id, lead_id and emails. */
export const contactsByEmail = (email: string, extra?: Record<string, unknown>) =>
  contactsWith("contact_email", email, {
    _fields: { contact: ["id", "lead_id", "emails"] },
    ...extra,
  });

/** A search body for contacts having `phone`, answering their id. */
export const contactsByPhone = (phone: string) => contactsWith("contact_phone", phone);

/** A search body for leads named exactly `name`, answering their id and name. */
export function leadsByName(name: string) {
  return {
    query: {
      type: "and",
      queries: [
        { type: "object_type", object_type: "lead" },
        {
          type: "field_condition",
          field: { type: "regular_field", object_type: "lead", field_name: "name" },
          condition: { type: "text", mode: "exact_value", value: name },
        },
      ],
    },
    _fields: { lead: ["id", "name"] },
  };
}
