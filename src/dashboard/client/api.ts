// The admin API as the dashboard calls it: the token from the tab's sessionStorage as a bearer
// token, and an API error turned into an Error that says its code and message.

const TOKEN_KEY = "closeBridgeAdminToken";

/** A submission as the admin API lists it (the fields the dashboard shows). */
export type SubmissionSummary = {
  id: string;
  source: string;
  status: string;
  outcome: string | null;
  attempts: number;
  received_at: string;
  last_error: { code: string } | null;
};

/** A page of the submission list. */
export type SubmissionPage = { data: SubmissionSummary[]; next_cursor: string | null };

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

/** Calls the admin API; throws an Error naming the API's error code and message. */
export async function callAdminApi<T>(path: string, init: RequestInit = {}): Promise<T> {
  const response = await fetch(path, {
    ...init,
    headers: { authorization: `Bearer ${readToken()}` },
  });
  const body = (await response.json().catch(() => ({}))) as {
    error?: { code: string; message: string };
  };
  if (!response.ok) {
    throw new Error(
      body.error ? `${body.error.code}: ${body.error.message}` : `${response.status}`,
    );
  }
  return body as T;
}

/** A replay's dry run: the stored draft beside the one the replay would deliver. */
export type ReplayPreview = {
  remapped: boolean;
  reason?: string;
  old_draft: unknown;
  new_draft: unknown;
  changes: string[];
  findings: { field: string; problem: string }[];
};
