// A thin Close API client. It takes its base URL and key as arguments (never ambient env),
// parses every answer with zod, keeps Close's 4xx meaning (400 `field-errors`, 401/403 auth),
// marks what is worth retrying, and paces itself by Close's `RateLimit` headers. The pieces:
// `transport.ts` sends, `call.ts` paces, checks and parses, `search.ts` builds searches.
import * as z from "../zod.ts";
import { createCall, type PacingPolicy } from "./call.ts";
import {
  CloseActivityType,
  CloseContact,
  CloseContactCreate,
  CloseContactUpdate,
  CloseCustomActivity,
  CloseCustomActivityCreate,
  CloseCustomField,
  CloseCustomFieldSchema,
  CloseLead,
  CloseLeadCreate,
  CloseLeadStatus,
  CloseLeadUpdate,
  CloseMe,
  CloseNote,
  CloseNoteCreate,
  CloseOpportunity,
  CloseOpportunityCreate,
  CloseOpportunityStatus,
  ClosePage,
  CloseSearchAnswer,
  type CloseSearchClause,
  CloseSearchRequest,
  CloseTask,
  CloseTaskCreate,
  CloseUnsubscribe,
  CloseUser,
} from "./schemas.ts";
import { anyOf, buildSearch, exactValue, hasRelatedValue } from "./search.ts";
import type { CloseTransport } from "./transport.ts";

const CONTACT_FIELDS = [
  "id",
  "lead_id",
  "name",
  "title",
  "emails",
  "phones",
  "urls",
  "date_created",
];

/** Contacts one search reads: a form's contact matches a few, unless many share a phone. */
const CONTACT_SEARCH_LIMIT = 10;

/** Pages of 100 a listing reads at most (users, fields, a lead's tasks or activities). */
const MAX_LIST_PAGES = 20;

/** The Close calls close-bridge makes. */
export type CloseClient = ReturnType<typeof createCloseClient>;

/**
 * Creates a Close client over a transport.
 *
 * @example
 * const close = createCloseClient(createHttpTransport({ baseUrl, apiKey, timeoutMs: 10_000 }));
 * const [contact] = await close.findContacts({ emails: ["ada@example.com"], phones: [] });
 */
export function createCloseClient(
  transport: CloseTransport,
  pacing?: PacingPolicy,
  /** Names the Close organization reached (never by its key), for caches per organization. */
  scope = "default",
) {
  const { call, send } = createCall(transport, pacing);

  /** Runs one `POST /data/search/` for objects of one type matching `clause`. */
  async function search<T extends z.ZodMiniType>(
    objectType: "contact" | "lead",
    clause: CloseSearchClause,
    fields: string[],
    limit: number,
    item: T,
  ): Promise<z.infer<T>[]> {
    const body = buildSearch(objectType, clause, fields, limit);
    const answer = await send(
      "POST",
      "/data/search/",
      CloseSearchRequest,
      body,
      CloseSearchAnswer(item),
    );
    return answer.data;
  }

  /** Every item of a `{data, has_more}` listing, page by page (`_skip`), up to MAX_LIST_PAGES. */
  async function listAll<T extends z.ZodMiniType>(path: string, item: T): Promise<z.infer<T>[]> {
    const items: z.infer<T>[] = [];
    const separator = path.includes("?") ? "&" : "?";
    for (let page = 0; page < MAX_LIST_PAGES; page++) {
      const answer = await call(
        { method: "GET", path: `${path}${separator}_limit=100&_skip=${items.length}` },
        ClosePage(item),
      );
      items.push(...answer.data);
      if (!answer.has_more || answer.data.length === 0) break;
    }
    return items;
  }

  /** The `data` of an answer that is one list (`{"data": [...]}`, no pages). */
  async function listOnce<T extends z.ZodMiniType>(path: string, item: T): Promise<z.infer<T>[]> {
    const answer = await call({ method: "GET", path }, z.looseObject({ data: z.array(item) }));
    return answer.data;
  }

  const query = (params: Record<string, string>) => new URLSearchParams(params).toString();

  return {
    scope,

    /**
     * Contacts having any of these emails or phones: one `data/search` call, and a second for
     * the emails alone when the first page is full without a contact for each email.
     */
    async findContacts(by: {
      emails: string[];
      phones: string[];
      /** More contact fields to read, such as `custom.cf_...` ones to merge into. */
      fields?: string[];
    }): Promise<CloseContact[]> {
      const emails = by.emails.map((email) => email.toLowerCase());
      const emailClauses = emails.map((email) => hasRelatedValue("contact_email", "email", email));
      const clauses = [
        ...emailClauses,
        ...by.phones.map((phone) => hasRelatedValue("contact_phone", "phone", phone)),
      ];
      if (clauses.length === 0) return [];
      const fields = [...CONTACT_FIELDS, ...(by.fields ?? [])];
      const found = await search(
        "contact",
        anyOf(clauses),
        fields,
        CONTACT_SEARCH_LIMIT,
        CloseContact,
      );
      const hasEmail = (email: string) =>
        found.some((c) => c.emails.some((e) => e.email.toLowerCase() === email));
      if (found.length < CONTACT_SEARCH_LIMIT || emails.every(hasEmail)) return found;
      // More contacts share a phone than one page holds: an email's contact (the one to prefer)
      // may be on a later page, so the emails are searched alone.
      const byEmail = await search(
        "contact",
        anyOf(emailClauses),
        fields,
        CONTACT_SEARCH_LIMIT,
        CloseContact,
      );
      const seen = new Set(byEmail.map((c) => c.id));
      return [...byEmail, ...found.filter((c) => !seen.has(c.id))];
    },

    /** The lead named exactly `name`, if there is one. */
    async findLeadByName(name: string): Promise<CloseLead | undefined> {
      const [lead] = await search(
        "lead",
        exactValue("lead", "name", name),
        ["id", "name"],
        1,
        CloseLead,
      );
      return lead;
    },

    /** `POST /contact/`. */
    createContact(body: CloseContactCreate): Promise<CloseContact> {
      return send("POST", "/contact/", CloseContactCreate, body, CloseContact);
    },

    /** `PUT /contact/{id}/` (list fields are replaced whole: send merged lists). */
    updateContact(id: string, body: CloseContactUpdate): Promise<CloseContact> {
      return send("PUT", `/contact/${id}/`, CloseContactUpdate, body, CloseContact);
    },

    /** `POST /lead/`, with nested `contacts`. */
    createLead(body: CloseLeadCreate): Promise<CloseLead> {
      return send("POST", "/lead/", CloseLeadCreate, body, CloseLead);
    },

    /** `PUT /lead/{id}/`. */
    updateLead(id: string, body: CloseLeadUpdate): Promise<CloseLead> {
      return send("PUT", `/lead/${id}/`, CloseLeadUpdate, body, CloseLead);
    },

    /** `POST /activity/note/`. */
    createNote(body: CloseNoteCreate): Promise<CloseNote> {
      return send("POST", "/activity/note/", CloseNoteCreate, body, CloseNote);
    },

    /** The custom fields of contacts or leads. */
    async listCustomFields(objectType: "contact" | "lead"): Promise<CloseCustomField[]> {
      const answer = await call(
        { method: "GET", path: `/custom_field_schema/${objectType}/` },
        CloseCustomFieldSchema,
      );
      return answer.fields;
    },

    /**
     * One page (100) of a lead's notes, or of the notes of one of its contacts, newest first;
     * `more` says whether another page follows. A read Close answers from its database, not its
     * search: a note created a moment ago is in it.
     */
    async listNotes(
      leadId: string,
      options: { contactId?: string; skip?: number } = {},
    ): Promise<{ notes: CloseNote[]; more: boolean }> {
      const query = new URLSearchParams({ lead_id: leadId });
      if (options.contactId) query.set("contact_id", options.contactId);
      if (options.skip) query.set("_skip", String(options.skip));
      query.set("_limit", "100");
      const answer = await call(
        { method: "GET", path: `/activity/note/?${query}` },
        ClosePage(CloseNote),
      );
      return { notes: answer.data, more: answer.has_more === true };
    },

    /** `GET /contact/{id}/`: the contact as it is now (search results may lag behind it). */
    getContact(id: string): Promise<CloseContact> {
      return call({ method: "GET", path: `/contact/${encodeURIComponent(id)}/` }, CloseContact);
    },

    /** `GET /lead/{id}/` with every contact of the lead, as they are now. */
    getLead(id: string): Promise<CloseLead> {
      return call(
        { method: "GET", path: `/lead/${encodeURIComponent(id)}/?_fields=id,name,contacts` },
        CloseLead,
      );
    },

    /**
     * `GET /lead/{id}/` whole: its status, creation date and custom fields (`custom.cf_...`),
     * which routing reads (by id, never behind a write).
     */
    getFullLead(id: string): Promise<CloseLead> {
      return call({ method: "GET", path: `/lead/${encodeURIComponent(id)}/` }, CloseLead);
    },

    /** `GET /me/`: the key's user and its organization (proves the key works). */
    getMe(): Promise<CloseMe> {
      return call({ method: "GET", path: "/me/" }, CloseMe);
    },

    /** Every member of the organization. */
    listUsers(): Promise<CloseUser[]> {
      return listAll("/user/", CloseUser);
    },

    /** The organization's lead statuses, the default first. */
    listLeadStatuses(): Promise<CloseLeadStatus[]> {
      return listOnce("/status/lead/", CloseLeadStatus);
    },

    /** Every opportunity status of every pipeline. */
    listOpportunityStatuses(): Promise<CloseOpportunityStatus[]> {
      return listOnce("/status/opportunity/", CloseOpportunityStatus);
    },

    /** The custom activity types, with their fields' metadata. */
    listActivityTypes(): Promise<CloseActivityType[]> {
      return listOnce("/custom_activity/", CloseActivityType);
    },

    /** Every activity custom field, with its type's id and choices. */
    listActivityFields(): Promise<CloseCustomField[]> {
      return listAll("/custom_field/activity/", CloseCustomField);
    },

    /** `POST /task/`. */
    createTask(body: CloseTaskCreate): Promise<CloseTask> {
      return send("POST", "/task/", CloseTaskCreate, body, CloseTask);
    },

    /** The lead tasks of a lead. */
    listTasks(leadId: string): Promise<CloseTask[]> {
      return listAll(`/task/?${query({ lead_id: leadId, _type: "lead" })}`, CloseTask);
    },

    /** `POST /activity/custom/`. */
    createCustomActivity(body: CloseCustomActivityCreate): Promise<CloseCustomActivity> {
      return send(
        "POST",
        "/activity/custom/",
        CloseCustomActivityCreate,
        body,
        CloseCustomActivity,
      );
    },

    /** A lead's custom activities of one type (Close needs the lead to filter by type). */
    listCustomActivities(leadId: string, typeId: string): Promise<CloseCustomActivity[]> {
      return listAll(
        `/activity/custom/?${query({ lead_id: leadId, custom_activity_type_id: typeId })}`,
        CloseCustomActivity,
      );
    },

    /** `POST /opportunity/`. */
    createOpportunity(body: CloseOpportunityCreate): Promise<CloseOpportunity> {
      return send("POST", "/opportunity/", CloseOpportunityCreate, body, CloseOpportunity);
    },

    /** A lead's opportunities. */
    listOpportunities(leadId: string): Promise<CloseOpportunity[]> {
      return listAll(`/opportunity/?${query({ lead_id: leadId })}`, CloseOpportunity);
    },

    /** `POST /unsubscribe/email/`: the address stops getting automated emails. */
    async unsubscribeEmail(email: string): Promise<void> {
      await send(
        "POST",
        "/unsubscribe/email/",
        CloseUnsubscribe,
        { email },
        z.looseObject({ email: z.optional(z.string()) }),
      );
    },
  };
}
