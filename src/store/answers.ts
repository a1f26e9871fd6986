// What the preset read from a submission, as the log keeps it beside the draft: the person's
// answers with their labels, bounded in size, removed with the draft (retention, erasure).
import type { Answer } from "../extract/types.ts";
import * as z from "../zod.ts";

/** One answer as kept: its stable key, its label and its value (long texts cut). */
const KeptAnswer = z.object({ key: z.string(), label: z.string(), value: z.unknown() });

/** The answers as kept, and whether some were cut to fit. */
export const KeptAnswers = z.object({ answers: z.array(KeptAnswer), truncated: z.boolean() });
export type KeptAnswers = z.infer<typeof KeptAnswers>;

/** The most the log keeps of one submission's answers, as JSON. */
export const MAX_ANSWERS_BYTES = 32_000;
/** The longest text kept of one answer once the whole does not fit. */
const CUT_TEXT = 500;

function cut(value: unknown): unknown {
  if (typeof value === "string")
    return value.length > CUT_TEXT ? `${value.slice(0, CUT_TEXT)}…` : value;
  const text = JSON.stringify(value) ?? "null";
  return text.length > CUT_TEXT ? `${text.slice(0, CUT_TEXT)}…` : value;
}

/**
 * The answers as the log stores them (JSON): whole when they fit `MAX_ANSWERS_BYTES`, else with
 * long values cut and, if still too big, the last answers left out (`truncated` says so).
 */
export function serializeAnswers(answers: readonly Answer[]): string {
  const whole = answers.map(({ key, label, value }) => ({ key, label, value }));
  const full = JSON.stringify({ answers: whole, truncated: false });
  if (full.length <= MAX_ANSWERS_BYTES) return full;
  const kept: KeptAnswers["answers"] = [];
  let size = 40;
  for (const answer of whole) {
    const short = { ...answer, value: cut(answer.value) };
    size += JSON.stringify(short).length + 1;
    if (size > MAX_ANSWERS_BYTES) break;
    kept.push(short);
  }
  return JSON.stringify({ answers: kept, truncated: true });
}

/** The answers kept for a submission; null once removed (or never kept). */
export async function loadAnswers(db: D1Database, id: string): Promise<KeptAnswers | null> {
  const row = await db
    .prepare("SELECT answers FROM submissions WHERE id = ?")
    .bind(id)
    .first<{ answers: string | null }>();
  return row?.answers ? KeptAnswers.parse(JSON.parse(row.answers)) : null;
}
