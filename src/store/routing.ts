// Routing progress in the submission log: what a submission's routing in Close has done (its
// owner's turn and id, the ids of its task, custom activity and opportunity), saved after each
// step; and the round-robin rotations, whose turns are taken in D1 so that every isolate shares
// them and a submission takes one turn, ever.
import * as z from "../zod.ts";

/** How far a submission's routing got; each step records itself as soon as Close answers. */
export const RoutingProgress = z.looseObject({
  /** Whether the upsert created the lead (when it knew). */
  lead_new: z.optional(z.boolean()),
  /** The owner rotation's turn this submission took. */
  owner_turn: z.optional(z.number()),
  /** The lead's owner (chosen, or found on the lead). */
  owner_id: z.optional(z.string()),
  /** Status, source, UTM and owner fields written to the lead. */
  lead_done: z.optional(z.boolean()),
  /** Consent written to the contact, and its emails unsubscribed when the source says so. */
  contact_done: z.optional(z.boolean()),
  /**
   * Set by a forced re-delivery of a delivered submission: the lead may hold the task, activity
   * and opportunity of the earlier delivery, so each step looks for them before writing.
   */
  rerouted: z.optional(z.boolean()),
  activity_id: z.optional(z.string()),
  task_id: z.optional(z.string()),
  opportunity_id: z.optional(z.string()),
});
export type RoutingProgress = z.infer<typeof RoutingProgress>;

/** Reads the progress stored in a row (null or unreadable: none yet). */
export function readRoutingProgress(stored: string | null): RoutingProgress | undefined {
  if (stored === null) return undefined;
  try {
    const parsed = RoutingProgress.safeParse(JSON.parse(stored));
    return parsed.success ? parsed.data : undefined;
  } catch {
    // Not JSON: written by nothing of ours. Routing starts over and finds its earlier writes.
    return undefined;
  }
}

/**
 * The SQL that merges progress (a JSON object, `?`) into a row's `routing`: keys it sets are
 * kept even if a later save leaves them out, so nothing recorded is ever lost.
 */
export const MERGE_ROUTING_SQL = "json_patch(COALESCE(routing, '{}'), ?)";

/**
 * Takes the next turn of a rotation for a submission, or answers the turn it took before: one
 * transaction (a D1 batch) counts the turn and records it with the submission, so concurrent
 * deliveries get different turns and a retried one never takes a second. Turns count from 1.
 */
export async function takeOwnerTurn(
  db: D1Database,
  submissionId: string,
  rotation: string,
  now: number,
): Promise<number> {
  const taken = "SELECT json_extract(routing, '$.owner_turn') FROM submissions WHERE id = ?2";
  const results = await db.batch<{ turn: number | null }>([
    db
      .prepare(
        "INSERT INTO owner_rotations (name, turns, updated_at) VALUES (?1, 0, ?2) ON CONFLICT (name) DO NOTHING",
      )
      .bind(rotation, now),
    db
      .prepare(
        `UPDATE owner_rotations SET turns = turns + 1, updated_at = ?3
         WHERE name = ?1 AND EXISTS (SELECT 1 FROM submissions WHERE id = ?2) AND (${taken}) IS NULL`,
      )
      .bind(rotation, submissionId, now),
    db
      .prepare(
        `UPDATE submissions
         SET routing = json_set(COALESCE(routing, '{}'), '$.owner_turn', (SELECT turns FROM owner_rotations WHERE name = ?1))
         WHERE id = ?2 AND (${taken}) IS NULL`,
      )
      .bind(rotation, submissionId),
    db
      .prepare("SELECT json_extract(routing, '$.owner_turn') AS turn FROM submissions WHERE id = ?")
      .bind(submissionId),
  ]);
  const turn = results[3]?.results[0]?.turn;
  if (typeof turn !== "number") throw new Error("the submission is not in the log");
  return turn;
}

/** The turn a rotation gives next, without taking it (the preview shows who would be next). */
export async function peekOwnerTurn(db: D1Database, rotation: string): Promise<number> {
  const row = await db
    .prepare("SELECT turns FROM owner_rotations WHERE name = ?")
    .bind(rotation)
    .first<{ turns: number }>();
  return (row?.turns ?? 0) + 1;
}

/** The turns of a submission's owner rotations, in D1 (deliver/routing.ts `OwnerTurns`). */
export function ownerTurnsOf(db: D1Database, submissionId: string) {
  return { take: (rotation: string) => takeOwnerTurn(db, submissionId, rotation, Date.now()) };
}

/** Turns as the preview sees them: the next one, never taken. */
export function previewTurnsOf(db: D1Database) {
  return { take: (rotation: string) => peekOwnerTurn(db, rotation) };
}
