// The shapes of the objects the simulator stores and answers, as Close's OpenAPI and its
// documented examples give them (`Contact`, `Lead`, `ActivityBase` + note fields).

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
  opportunities: never[];
  tasks: never[];
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
