// A thin Close API client. It takes its base URL and key as arguments (never ambient env),
// parses every answer with zod, keeps Close's 4xx meaning (400 `field-errors`, 401/403 auth),
// marks what is worth retrying, and paces itself by Close's `RateLimit` headers. The pieces:
// `transport.ts` sends, `call.ts` paces, checks and parses, `search.ts` builds searches.
import type * as z from "../zod.ts";
import { createCall, type PacingPolicy } from "./call.ts";
import {
  CloseContact,
  CloseContactCreate,
  CloseContactUpdate,
  type CloseCustomField,
  CloseCustomFieldSchema,
  CloseLead,
  CloseLeadCreate,
  CloseLeadUpdate,
  CloseMe,
  CloseNote,
  CloseNoteCreate,
  ClosePage,
  CloseSearchAnswer,
  type CloseSearchClause,
  CloseSearchRequest,
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

    /** `GET /me/`: the key's user and organization, which proves Close accepts the key. */
    fetchMe(): Promise<CloseMe> {
      return call({ method: "GET", path: "/me/" }, CloseMe);
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
  };
}
