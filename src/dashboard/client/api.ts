// The admin API as the console calls it: the token from the tab's sessionStorage as a bearer
// token, sent only to /v1/admin/*, and an API error turned into an Error that says its code and
// message. The shapes below are the fields the console reads of each answer.
import type { StatsAnswer } from "../../stats.ts";

const TOKEN_KEY = "closeBridgeAdminToken";
const ADMIN_API = "/v1/admin/";

/** A failed call: the API's error code (or the HTTP status) and its message. */
export class AdminApiError extends Error {
  readonly code: string;
  readonly status: number;
  constructor(status: number, code: string, message: string) {
    super(`${message} (${code})`);
    this.name = "AdminApiError";
    this.status = status;
    this.code = code;
  }
}

/** An incident as the admin API lists it. */
export type Incident = {
  id: string;
  status: "open" | "resolved";
  title: string;
  source: string | null;
  summary: string;
  fix: string;
  count: number;
  example_id: string | null;
  first_seen: string;
  last_seen: string;
  resolved_at: string | null;
  resolution: string | null;
};

/** A page of the incident list. */
export type IncidentPage = { data: Incident[]; next_cursor: string | null };

/** The admin token this tab keeps (empty when none). */
export function readToken(): string {
  return sessionStorage.getItem(TOKEN_KEY) ?? "";
}

/** Keeps the admin token for this tab only. */
export function saveToken(token: string): void {
  sessionStorage.setItem(TOKEN_KEY, token);
}

/** Forgets the admin token. */
export function forgetToken(): void {
  sessionStorage.removeItem(TOKEN_KEY);
}

/** Calls the admin API (`path` under /v1/admin/); throws an `AdminApiError` when it refuses. */
export async function callAdminApi<T>(
  path: string,
  init: { method?: string; body?: string; contentType?: string } = {},
): Promise<T> {
  // The token goes to the admin API only, whatever a caller passes.
  if (!path.startsWith(ADMIN_API)) throw new Error(`not an admin API path: ${path}`);
  const headers: Record<string, string> = {
    authorization: `Bearer ${readToken()}`,
    accept: "application/json",
  };
  if (init.contentType) headers["content-type"] = init.contentType;
  const response = await fetch(path, {
    method: init.method ?? "GET",
    headers,
    ...(init.body === undefined ? {} : { body: init.body }),
    credentials: "omit",
    cache: "no-store",
  });
  const body = (await response.json().catch(() => ({}))) as {
    error?: { code: string; message: string; details?: { field: string; problem: string }[] };
  };
  if (!response.ok) {
    const details = (body.error?.details ?? []).map((d) => `${d.field}: ${d.problem}`).join("; ");
    throw new AdminApiError(
      response.status,
      body.error?.code ?? String(response.status),
      `${body.error?.message ?? `The admin API answered ${response.status}.`}${details ? ` ${details}` : ""}`,
    );
  }
  return body as T;
}

/** A Close error as the log keeps it. */
export type LastError = { code: string; message: string | null } | null;

/** A submission as the admin API lists it. */
export type SubmissionSummary = {
  id: string;
  source: string;
  mode: "queue" | "sync";
  status: string;
  outcome: string | null;
  attempts: number;
  received_at: string;
  updated_at: string;
  next_attempt_at: string | null;
  last_error: LastError;
  contact_id: string | null;
  lead_id: string | null;
  note_id: string | null;
};

/** A page of the submission list. */
export type SubmissionPage = { data: SubmissionSummary[]; next_cursor: string | null };

/** One answer the preset read. */
export type ReceivedAnswer = { key: string; label: string; value: unknown };

/** A replay's dry run: the stored draft beside the one the replay would deliver. */
export type ReplayPreview = {
  remapped: boolean;
  reason?: string;
  old_draft: Draft | null;
  new_draft: Draft | null;
  changes: string[];
  findings: { field: string; problem: string }[];
};

/** A contact draft (the fields the console shows; the rest is shown as JSON). */
export type Draft = {
  name?: string;
  title?: string;
  emails: { email: string; type: string }[];
  phones: { phone: string; type: string }[];
  urls: { url: string; type: string }[];
  lead?: { name?: string };
  note?: string;
  custom?: Record<string, unknown>;
} & Record<string, unknown>;

/** One submission as the admin API shows it. */
export type SubmissionDetail = SubmissionSummary & {
  dedupe_key: string | null;
  max_retries: number;
  draft: Draft | null;
  received: { answers: ReceivedAnswer[]; truncated: boolean } | null;
};

/** One Close request an attempt sent. */
export type CloseCall = { method: string; path: string; status: number | null; ids: string[] };

/** One delivery attempt. */
export type Attempt = {
  attempt: number;
  mode: string;
  started_at: string;
  finished_at: string;
  result: "created" | "updated" | "skipped" | "retry" | "rate_limited" | "dead";
  close_status: number | null;
  error: { code: string; message: string | null } | null;
  requests: CloseCall[];
};

export { OUTCOME_KINDS, type OutcomeKind } from "../../stats.ts";
/** The overview of one window. */
export type Stats = StatsAnswer;

/** A configured source: what its table says is missing when the table itself is wrong. */
export type SourceInfo = {
  name: string;
  status: "working" | "broken";
  problems: { field: string; problem: string }[];
  endpoint: string;
  last_received_at: string | null;
  /** The last post, recorded or not: when, and what became of it. */
  last_post: {
    at: string;
    result: "recorded" | "ignored" | "spam" | "refused";
    code: string | null;
    status: number | null;
  } | null;
  preset?: string;
  mode?: string;
  auth?: { type: string; secret: string | null; secret_set: boolean | null; in_query: boolean };
  allowed_origins?: string[];
  turnstile?: boolean;
  honeypot?: string | null;
  example?: { content_type: string; body: string };
};

/** What the Try it preview answers. */
export type PreviewAnswer = {
  source: string;
  status: string;
  reason?: string;
  event?: string | null;
  event_id?: string | null;
  record?: { answers: ReceivedAnswer[] };
  draft?: Draft;
  close_requests?: { method: string; path: string; body?: unknown; sent: boolean }[];
};

/** The dead submissions by reason. */
export type DeadLetters = {
  total: number;
  groups: {
    code: string;
    count: number;
    by_source: Record<string, number>;
    oldest: string;
    newest: string;
    example: string | null;
  }[];
};
