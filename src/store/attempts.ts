// The delivery attempts of each submission in D1: when each ran, how it ended (Close's status,
// the error code and Close's message) and the Close requests it sent. The console's timeline
// reads them; a submission's attempts go with its row (ON DELETE CASCADE).
import type { CloseCall } from "../close/observe.ts";
import * as z from "../zod.ts";

/** How an attempt ended: the upsert's outcome, or what the failure led to. */
export const AttemptResult = z.enum([
  "created",
  "updated",
  "skipped",
  "retry",
  "rate_limited",
  "dead",
]);
export type AttemptResult = z.infer<typeof AttemptResult>;

/** An attempt to record. */
export type NewAttempt = {
  submissionId: string;
  attempt: number;
  mode: "queue" | "sync";
  startedAt: number;
  finishedAt: number;
  result: AttemptResult;
  closeStatus?: number | undefined;
  errorCode?: string | undefined;
  errorMessage?: string | undefined;
  requests: CloseCall[];
};

const CloseCallRow = z.object({
  method: z.string(),
  path: z.string(),
  status: z.nullable(z.number()),
  ids: z.array(z.string()),
});

const AttemptRow = z.object({
  id: z.number(),
  submission_id: z.string(),
  attempt: z.number(),
  mode: z.enum(["queue", "sync"]),
  started_at: z.number(),
  finished_at: z.number(),
  result: AttemptResult,
  close_status: z.nullable(z.number()),
  error_code: z.nullable(z.string()),
  error_message: z.nullable(z.string()),
  requests: z.string(),
});

/** A recorded attempt. */
export type Attempt = Omit<z.infer<typeof AttemptRow>, "requests"> & { requests: CloseCall[] };

/** The most Close requests one attempt keeps (an upsert sends a handful; retries add a few). */
const MAX_REQUESTS = 50;

/** Records one finished attempt. */
export async function recordAttempt(db: D1Database, attempt: NewAttempt): Promise<void> {
  await db
    .prepare(
      `INSERT INTO delivery_attempts (submission_id, attempt, mode, started_at, finished_at, result,
         close_status, error_code, error_message, requests)
       VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)`,
    )
    .bind(
      attempt.submissionId,
      attempt.attempt,
      attempt.mode,
      attempt.startedAt,
      attempt.finishedAt,
      attempt.result,
      attempt.closeStatus ?? null,
      attempt.errorCode ?? null,
      attempt.errorMessage ?? null,
      JSON.stringify(attempt.requests.slice(0, MAX_REQUESTS)),
    )
    .run();
}

/** A submission's attempts, oldest first. */
export async function listAttempts(db: D1Database, submissionId: string): Promise<Attempt[]> {
  const { results } = await db
    .prepare("SELECT * FROM delivery_attempts WHERE submission_id = ? ORDER BY id")
    .bind(submissionId)
    .all();
  return results.map((row) => {
    const parsed = AttemptRow.parse(row);
    return { ...parsed, requests: z.array(CloseCallRow).parse(JSON.parse(parsed.requests)) };
  });
}
