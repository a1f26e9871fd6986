// A thin Close API client. It takes its base URL and key as arguments (never ambient env),
// parses every answer with zod, keeps Close's 4xx meaning (400 `field-errors`, 401/403 auth),
// marks what is worth retrying, and paces itself by Close's `RateLimit` headers.
import type * as z from "../zod.ts";
import { endpointGroup, type RatePacer, retryAfterSeconds } from "./rate-limit.ts";
import {
  CloseContact,
  type CloseCustomField,
  CloseCustomFieldSchema,
  CloseErrorBody,
  CloseLead,
  CloseMe,
  CloseNote,
  ClosePage,
  CloseSearchAnswer,
} from "./schemas.ts";

/** One request to Close, as the transport sends it and the preview shows it. */
export type CloseRequest = {
  method: "GET" | "POST" | "PUT" | "DELETE";
  /** The path below the API base, such as `/contact/`; the query included. */
  path: string;
  body?: unknown;
};

/** What the transport answers. */
export type CloseResponse = { status: number; headers: Headers; body: unknown };

/** Sends one request to Close (HTTP in production; recording in the preview). */
export type CloseTransport = (request: CloseRequest) => Promise<CloseResponse>;

/** Why a Close call failed. */
export type CloseFailure =
  | "rejected" // 400 and other 4xx: Close refuses this request as it is
  | "not_found" // 404 on a record
  | "auth" // 401/403: the API key was refused
  | "rate_limited" // 429, or the pacer would wait longer than allowed
  | "unavailable" // 5xx, timeout, network error
  | "invalid_response"; // 2xx with a body that is not what Close documents

/**
 * A failed Close call; `retryable` says whether the same request may succeed later, and
 * `ambiguous` whether it was a write Close may have carried out all the same (a 5xx, a timeout,
 * a lost answer or a network error after it was sent): it must not be sent again before Close's
 * search can show it (`SEARCH_SETTLE_S`).
 */
export class CloseError extends Error {
  readonly kind: CloseFailure;
  readonly status: number | undefined;
  readonly retryable: boolean;
  readonly ambiguous: boolean;
  /** Seconds Close asked to wait (429), when it said. */
  readonly retryAfterS: number | undefined;
  /** Close's `field-errors` on a 400. */
  readonly fieldErrors: Record<string, unknown>;
  readonly request: string;

  constructor(
    kind: CloseFailure,
    message: string,
    options: {
      status?: number;
      retryAfterS?: number;
      fieldErrors?: Record<string, unknown>;
      request: string;
      ambiguous?: boolean;
    },
  ) {
    super(message);
    this.name = "CloseError";
    this.kind = kind;
    this.status = options.status;
    this.retryAfterS = options.retryAfterS;
    this.fieldErrors = options.fieldErrors ?? {};
    this.request = options.request;
    this.retryable = kind === "rate_limited" || kind === "unavailable" || kind === "not_found";
    this.ambiguous = options.ambiguous ?? false;
  }

  /** The same failure, marked as a write Close may have carried out. */
  asAmbiguous(): CloseError {
    return new CloseError(this.kind, this.message, {
      status: this.status,
      retryAfterS: this.retryAfterS,
      fieldErrors: this.fieldErrors,
      request: this.request,
      ambiguous: true,
    });
  }
}

/** Whether a request changes data in Close (the search is a POST that only reads). */
export function isWrite(request: CloseRequest): boolean {
  return request.method !== "GET" && request.path.split("?")[0] !== "/data/search/";
}

/** Options of the HTTP transport. */
export type HttpTransportOptions = {
  baseUrl: string;
  apiKey: string;
  timeoutMs: number;
  fetch?: typeof fetch;
};

/** Sends requests to Close over HTTP with Basic auth (the key as user, empty password). */
export function createHttpTransport(options: HttpTransportOptions): CloseTransport {
  const authorization = `Basic ${btoa(`${options.apiKey}:`)}`;
  const send = options.fetch ?? fetch;
  return async (request) => {
    const describe = `${request.method} ${request.path.split("?")[0]}`;
    let response: Response;
    try {
      response = await send(`${options.baseUrl}${request.path}`, {
        method: request.method,
        headers: {
          authorization,
          accept: "application/json",
          ...(request.body === undefined ? {} : { "content-type": "application/json" }),
        },
        body: request.body === undefined ? undefined : JSON.stringify(request.body),
        signal: AbortSignal.timeout(options.timeoutMs),
      });
    } catch (error) {
      const timedOut = error instanceof Error && error.name === "TimeoutError";
      throw new CloseError(
        "unavailable",
        timedOut
          ? `Close did not answer within ${options.timeoutMs} ms`
          : "Close could not be reached",
        { request: describe },
      );
    }
    const text = await response.text().catch(() => "");
    let body: unknown = null;
    if (text !== "") {
      try {
        body = JSON.parse(text);
      } catch {
        body = null;
      }
    }
    return { status: response.status, headers: response.headers, body };
  };
}

/** How the client waits when a rate-limit window is used up. */
export type PacingPolicy = {
  /** The pacer of the key the client uses. */
  pacer: RatePacer;
  /** The longest wait (ms) the caller accepts; beyond it the call fails as `rate_limited`. */
  maxWaitMs: number;
  /**
   * No request starts after this time (ms since the epoch): a queue delivery stops in time for
   * its lease to end only after every write it sent has settled. Later calls fail as
   * `rate_limited` (nothing was sent: the delivery goes on in a new attempt).
   */
  deadline?: number;
  sleep?: (ms: number) => Promise<void>;
};

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

function sleepFor(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function failureOf(response: CloseResponse, request: string): CloseError {
  const parsed = CloseErrorBody.safeParse(response.body);
  const body = parsed.success ? parsed.data : {};
  const status = response.status;
  if (status === 429) {
    return new CloseError("rate_limited", "Close's rate limit was reached", {
      status,
      retryAfterS: retryAfterSeconds(response.headers),
      request,
    });
  }
  if (status === 401 || status === 403) {
    return new CloseError("auth", "Close refused the API key", { status, request });
  }
  if (status === 404)
    return new CloseError("not_found", "Close has no such record", { status, request });
  if (status >= 500) {
    return new CloseError("unavailable", `Close answered ${status}`, { status, request });
  }
  const summary = body.error ?? (body.errors ?? []).map(String).join("; ");
  return new CloseError("rejected", summary || `Close refused the request (${status})`, {
    status,
    fieldErrors: body["field-errors"] ?? {},
    request,
  });
}

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
  const sleep = pacing?.sleep ?? sleepFor;

  async function call<T extends z.ZodMiniType>(
    request: CloseRequest,
    schema: T,
  ): Promise<z.infer<T>> {
    const group = endpointGroup(request.method, request.path.split("?")[0] ?? "");
    const describe = `${request.method} ${request.path.split("?")[0]}`;
    const pacer = pacing?.pacer;
    const deadline = pacing?.deadline ?? Number.POSITIVE_INFINITY;
    if (pacing && pacer) {
      let wait = pacer.reserve(group);
      while (wait > 0) {
        if (wait > pacing.maxWaitMs || Date.now() + wait > deadline) {
          throw new CloseError("rate_limited", "Close's rate limit window is used up", {
            retryAfterS: wait / 1000,
            request: describe,
          });
        }
        await sleep(wait);
        wait = pacer.reserve(group);
      }
    }
    if (Date.now() > deadline) {
      throw new CloseError(
        "rate_limited",
        "The delivery's time is up; it goes on in a new attempt",
        {
          retryAfterS: 1,
          request: describe,
        },
      );
    }
    const write = isWrite(request);
    let response: CloseResponse;
    try {
      response = await transport(request);
    } catch (error) {
      // A timeout or a dropped connection: Close may have received the write and carried it out.
      throw error instanceof CloseError && write ? error.asAmbiguous() : error;
    }
    if (pacer) {
      pacer.record(group, response.headers);
      if (response.status === 429) pacer.recordRefusal(group, retryAfterSeconds(response.headers));
    }
    if (response.status < 200 || response.status > 299) {
      const failure = failureOf(response, describe);
      // A 5xx to a write says nothing of whether Close carried it out.
      throw write && response.status >= 500 ? failure.asAmbiguous() : failure;
    }
    const parsed = schema.safeParse(response.body);
    if (!parsed.success) {
      // A 2xx to a write in a shape we cannot read: the write was carried out, its ids are unknown.
      throw new CloseError(
        "invalid_response",
        "Close answered in a shape close-bridge does not know",
        { status: response.status, request: describe, ambiguous: write },
      );
    }
    return parsed.data;
  }

  /** A text field's exact value (case-insensitive), as a `data/search` clause. */
  function exactValue(objectType: string, fieldName: string, value: string) {
    return {
      type: "field_condition",
      field: { type: "regular_field", object_type: objectType, field_name: fieldName },
      condition: { type: "text", mode: "exact_value", value },
    };
  }

  /** Runs one `POST /data/search/` for objects of one type matching `clause`. */
  async function search<T extends z.ZodMiniType>(
    objectType: "contact" | "lead",
    clause: unknown,
    fields: string[],
    limit: number,
    item: T,
  ): Promise<z.infer<T>[]> {
    const answer = await call(
      {
        method: "POST",
        path: "/data/search/",
        body: {
          query: {
            type: "and",
            queries: [{ type: "object_type", object_type: objectType }, clause],
          },
          _fields: { [objectType]: fields },
          _limit: limit,
        },
      },
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
      const related = (type: "contact_email" | "contact_phone", field: string, value: string) => ({
        type: "has_related",
        this_object_type: "contact",
        related_object_type: type,
        related_query: exactValue(type, field, value),
      });
      const anyOf = (clauses: unknown[]) =>
        clauses.length === 1 ? clauses[0] : { type: "or", queries: clauses };
      const emails = by.emails.map((email) => email.toLowerCase());
      const emailClauses = emails.map((email) => related("contact_email", "email", email));
      const clauses = [
        ...emailClauses,
        ...by.phones.map((phone) => related("contact_phone", "phone", phone)),
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
    createContact(body: Record<string, unknown>): Promise<CloseContact> {
      return call({ method: "POST", path: "/contact/", body }, CloseContact);
    },

    /** `PUT /contact/{id}/` (list fields are replaced whole: send merged lists). */
    updateContact(id: string, body: Record<string, unknown>): Promise<CloseContact> {
      return call({ method: "PUT", path: `/contact/${id}/`, body }, CloseContact);
    },

    /** `POST /lead/`, with nested `contacts`. */
    createLead(body: Record<string, unknown>): Promise<CloseLead> {
      return call({ method: "POST", path: "/lead/", body }, CloseLead);
    },

    /** `PUT /lead/{id}/`. */
    updateLead(id: string, body: Record<string, unknown>): Promise<CloseLead> {
      return call({ method: "PUT", path: `/lead/${id}/`, body }, CloseLead);
    },

    /** `POST /activity/note/`. */
    createNote(body: { lead_id: string; contact_id?: string; note: string }): Promise<CloseNote> {
      return call({ method: "POST", path: "/activity/note/", body }, CloseNote);
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
