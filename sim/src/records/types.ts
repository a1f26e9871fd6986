// The shapes of the objects the simulator stores and answers, as Close's OpenAPI and its
// documented examples give them (`Contact`, `Lead`, `ActivityBase` + note fields, `Opportunity`),
// and, where the OpenAPI has no shape, as close-routing.md gathers them (tasks, custom
// activities, statuses, users).

import type { Authorship } from "./authorship.ts";

/** Custom field values sit on the object as flat `custom.cf_<id>` keys. */
export type CustomValues = { [key: `custom.${string}`]: unknown };

/** One email of a contact. */
export type ContactEmail = { email: string; type: string; is_unsubscribed: boolean };

/** One phone of a contact, stored in E.164 with Close's formatting. */
export type ContactPhone = {
  phone: string;
  type: string;
  country: string | null;
  phone_formatted: string;
};

/** One URL of a contact. */
export type ContactUrl = { url: string; type: string };

/** A contact, exactly as the API answers it. */
export type Contact = CustomValues & {
  id: string;
  lead_id: string;
  organization_id: string;
  name: string | null;
  display_name: string;
  title: string | null;
  emails: ContactEmail[];
  phones: ContactPhone[];
  urls: ContactUrl[];
  /** Only present once a timezone was set, as in Close's example which has none. */
  timezone?: string | null;
  created_by: string;
  updated_by: string;
  date_created: string;
  date_updated: string;
};

/** One postal address of a lead. */
export type LeadAddress = {
  label: string | null;
  address_1: string | null;
  address_2: string | null;
  city: string | null;
  state: string | null;
  zipcode: string | null;
  country: string | null;
};

/** A lead as stored: everything but its contacts, which live in their own table. */
export type LeadRecord = CustomValues & {
  id: string;
  name: string | null;
  description: string | null;
  url: string | null;
  status_id: string;
  status_label: string;
  addresses: LeadAddress[];
  organization_id: string;
  html_url: string;
  created_by: string;
  updated_by: string;
  created_by_name: string;
  updated_by_name: string;
  date_created: string;
  date_updated: string;
};

/** A lead as the API answers it: the record plus its contacts and derived fields. */
export type Lead = LeadRecord & {
  display_name: string;
  contacts: Contact[];
  contact_ids: string[];
  opportunities: Opportunity[];
  /** Its incomplete tasks (read by id only; lists and search answer none). */
  tasks: Task[];
  integration_links: never[];
};

/** A lead status (`GET /status/lead/`). */
export type LeadStatus = { id: string; label: string; organization_id: string };

/** A task as stored; `view` is derived when it is answered. */
export type TaskRecord = Authorship & {
  id: string;
  _type: "lead";
  lead_id: string;
  lead_name: string | null;
  contact_id: null;
  contact_name: null;
  assigned_to: string;
  assigned_to_name: string;
  text: string;
  /** A date (`2015-01-05`) or a date and time in Close's format, or null. */
  date: string | null;
  due_date: null;
  is_dateless: boolean;
  is_complete: boolean;
  object_type: null;
  object_id: null;
};

/** Where a task shows in Close: due by the end of today, later, or done. */
export type TaskView = "inbox" | "future" | "archive";

/** A task as the API answers it. */
export type Task = TaskRecord & { view: TaskView };

/** An instance of a custom activity type, with its field values as `custom.cf_<id>` keys. */
export type CustomActivity = CustomValues &
  Authorship & {
    id: string;
    _type: "CustomActivity";
    custom_activity_type_id: string;
    lead_id: string;
    contact_id: string | null;
    user_id: string;
    user_name: string;
    users: string[];
    status: "draft" | "published";
    pinned: boolean;
    activity_at: string;
  };

/** How often an opportunity's value recurs. */
export type ValuePeriod = "one_time" | "monthly" | "annual";

/** An opportunity, as the API answers it (Close's `Opportunity` schema). */
export type Opportunity = Authorship & {
  id: string;
  lead_id: string;
  lead_name: string | null;
  contact_id: string | null;
  contact_name: string | null;
  user_id: string;
  user_name: string;
  status_id: string;
  status_label: string;
  status_display_name: string;
  status_type: "active" | "won" | "lost";
  pipeline_id: string;
  pipeline_name: string;
  value: number | null;
  value_currency: string;
  value_formatted: string | null;
  value_period: ValuePeriod;
  annualized_value: number | null;
  expected_value: number | null;
  annualized_expected_value: number | null;
  confidence: number;
  note: string;
  date_won: string | null;
  date_lost: string | null;
  is_stalled: boolean;
  attachments: never[];
  integration_links: never[];
};

/** A note activity, as the API answers it. */
export type Note = {
  id: string;
  _type: "Note";
  lead_id: string;
  contact_id: string | null;
  note: string;
  note_html: string;
  title: string | null;
  pinned: boolean;
  attachments: never[];
  activity_at: string;
  organization_id: string;
  user_id: string;
  user_name: string;
  users: string[];
  created_by: string;
  updated_by: string;
  created_by_name: string;
  updated_by_name: string;
  date_created: string;
  date_updated: string;
};
