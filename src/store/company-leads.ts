// The company leads close-bridge remembers (D1 `company_leads`): the Close lead of each company
// name, and which delivery holds a name while it finds or creates its lead. Close's search may
// not show a lead created a moment ago; without the hold, two submissions of one new company
// would each create a lead. Every change is one conditional statement.
import * as z from "../zod.ts";

/** What a delivery learns when it asks for a company's lead. */
export type CompanyClaim =
  /** close-bridge knows the company's lead. */
  | { kind: "known"; leadId: string }
  /** This delivery holds the company's name: it finds or creates the lead, then remembers it. */
  | { kind: "held" }
  /** Another delivery holds it (or its write is settling): come back in `retryAfterS`. */
  | { kind: "busy"; retryAfterS: number };

/**
 * The company leads as one delivery uses them. Two submissions of one new company must not both
 * create its lead, and Close's search may not show a lead created a moment ago: one delivery at
 * a time holds a company's name while it finds or creates the lead.
 */
export type CompanyLeads = {
  /** The company's known lead, without taking a hold. */
  find(company: string): Promise<string | undefined>;
  /** The company's known lead, or a hold on its name for this delivery, or who holds it. */
  claim(company: string): Promise<CompanyClaim>;
  /** Records the company's lead and ends the hold. */
  remember(company: string, leadId: string): Promise<void>;
  /** Ends the hold without a lead; when a write may have happened, others wait for it to settle. */
  release(company: string, mayHaveWritten: boolean): Promise<void>;
  /** Forgets a lead Close no longer has (merged or deleted). */
  forget(company: string, leadId: string): Promise<void>;
};

const CompanyLeadRow = z.object({
  company: z.string(),
  lead_id: z.nullable(z.string()),
  holder: z.nullable(z.string()),
  hold_until: z.nullable(z.number()),
});
type CompanyLeadRow = z.infer<typeof CompanyLeadRow>;

/** How often a delivery waiting for another's new lead looks again, inline. */
const POLL_MS = 200;

/** When another delivery is still creating the lead: come back this soon to look again. */
const BUSY_RETRY_S = 2;

/** A company name as Close's search matches it: trimmed, case-insensitive. */
export function companyKey(name: string): string {
  return name.trim().toLowerCase();
}

/** What a delivery needs to hold company names. */
export type CompanyHoldOptions = {
  /** The submission holding the name. */
  holder: string;
  /** Until when it may hold it: its lease, after which no write of its can still be unsettled. */
  holdUntil: number;
  /** How long a write whose answer was lost needs to show in Close's search. */
  settleMs: number;
  /** The longest a claim waits inline for another delivery's new lead. */
  maxWaitMs: number;
};

async function readRow(db: D1Database, key: string): Promise<CompanyLeadRow | undefined> {
  const row = await db.prepare("SELECT * FROM company_leads WHERE company = ?").bind(key).first();
  return row === null ? undefined : CompanyLeadRow.parse(row);
}

/**
 * Takes the hold on a company name, unless its lead is known or another delivery holds it: one
 * statement, so two deliveries cannot both take it. Answers the row as it is after.
 */
async function takeHold(
  db: D1Database,
  key: string,
  options: CompanyHoldOptions,
  now: number,
): Promise<CompanyLeadRow> {
  const [, row] = await db.batch([
    db
      .prepare(
        `INSERT INTO company_leads (company, holder, hold_until, updated_at) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (company) DO UPDATE SET holder = excluded.holder, hold_until = excluded.hold_until,
           updated_at = excluded.updated_at
         WHERE company_leads.lead_id IS NULL
           AND (company_leads.hold_until IS NULL OR company_leads.hold_until <= ?4 OR company_leads.holder = ?2)`,
      )
      .bind(key, options.holder, options.holdUntil, now),
    db.prepare("SELECT * FROM company_leads WHERE company = ?").bind(key),
  ]);
  return CompanyLeadRow.parse(row?.results[0]);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * The company leads as one delivery uses them: it holds a name until `holdUntil` at most, and
 * waits inline up to `maxWaitMs` for another delivery's new lead.
 *
 * @example
 * const companies = companyLeadsFor(env.DB, { holder: submission.id, holdUntil: lease, settleMs: 60_000, maxWaitMs: 3_000 });
 * await companies.claim("Analytical Engines"); // => { kind: "held" }
 */
export function companyLeadsFor(db: D1Database, options: CompanyHoldOptions): CompanyLeads {
  return {
    async find(company) {
      return (await readRow(db, companyKey(company)))?.lead_id ?? undefined;
    },

    async claim(company): Promise<CompanyClaim> {
      const key = companyKey(company);
      const started = Date.now();
      for (;;) {
        const now = Date.now();
        const row = await takeHold(db, key, options, now);
        if (row.lead_id) return { kind: "known", leadId: row.lead_id };
        if (row.holder === options.holder && row.hold_until === options.holdUntil) {
          return { kind: "held" };
        }
        const until = row.hold_until ?? now;
        if (row.holder === null) {
          // Released after a write whose answer was lost: nobody looks before it settles.
          return { kind: "busy", retryAfterS: Math.max(1, Math.ceil((until - now) / 1000)) };
        }
        // Another delivery is finding or creating the lead, usually within a second.
        if (now - started + POLL_MS > options.maxWaitMs) {
          return { kind: "busy", retryAfterS: BUSY_RETRY_S };
        }
        await sleep(POLL_MS);
      }
    },

    async remember(company, leadId) {
      await db
        .prepare(
          `INSERT INTO company_leads (company, lead_id, updated_at) VALUES (?1, ?2, ?3)
           ON CONFLICT (company) DO UPDATE SET lead_id = excluded.lead_id, holder = NULL,
             hold_until = NULL, updated_at = excluded.updated_at`,
        )
        .bind(companyKey(company), leadId, Date.now())
        .run();
    },

    async release(company, mayHaveWritten) {
      const now = Date.now();
      await db
        .prepare(
          `UPDATE company_leads SET holder = NULL, hold_until = ?3, updated_at = ?4
           WHERE company = ?1 AND holder = ?2 AND lead_id IS NULL`,
        )
        .bind(
          companyKey(company),
          options.holder,
          mayHaveWritten ? now + options.settleMs : now,
          now,
        )
        .run();
    },

    async forget(company, leadId) {
      await db
        .prepare(
          "UPDATE company_leads SET lead_id = NULL, holder = NULL, hold_until = NULL, updated_at = ?3 WHERE company = ?1 AND lead_id = ?2",
        )
        .bind(companyKey(company), leadId, Date.now())
        .run();
    },
  };
}
