// Counts of the posts a source answered without recording a submission (an ignored event, a
// honeypot hit, a refusal after the sender was authenticated), per hour, source and outcome.
// Only counts: nothing about the person or the request.

const HOUR_MS = 3_600_000;

/** A post answered without a record. */
export type UnrecordedPost = {
  source: string;
  /** `ignored`, `spam`, or the error code answered. */
  outcome: string;
  /** The HTTP status answered. */
  status: number;
  at: number;
};

/** Adds one post to its hour's count, and its time as the latest (one statement). */
export async function countUnrecordedPost(db: D1Database, post: UnrecordedPost): Promise<void> {
  await db
    .prepare(
      `INSERT INTO unrecorded_posts (hour, source, outcome, status, count, last_at) VALUES (?1, ?2, ?3, ?4, 1, ?5)
       ON CONFLICT (hour, source, outcome) DO UPDATE SET count = count + 1, status = ?4,
         last_at = MAX(COALESCE(last_at, 0), ?5)`,
    )
    .bind(Math.floor(post.at / HOUR_MS) * HOUR_MS, post.source, post.outcome, post.status, post.at)
    .run();
}

/** Forgets the counts of hours before `before` (ms); answers how many rows went. */
export async function pruneUnrecordedPosts(db: D1Database, before: number): Promise<number> {
  const result = await db.prepare("DELETE FROM unrecorded_posts WHERE hour < ?").bind(before).run();
  return result.meta.changes ?? 0;
}
