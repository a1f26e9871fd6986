-- Which queue message a submission waits for: every message carries the turn it was sent for,
-- and a new reminder (a retry, a replay, a hand-over from sync mode) takes the next turn, so
-- that an older duplicate can be told apart from the submission's current attempt.
ALTER TABLE submissions ADD COLUMN turn INTEGER NOT NULL DEFAULT 0;

-- The lead close-bridge made (or found) for each company name, and who is making it now. Close's
-- search may not yet show a lead created a moment ago, so two submissions of one company must not
-- both decide to create it: one holds the name until the lead exists, the others wait for it.
CREATE TABLE company_leads (
  company TEXT PRIMARY KEY,            -- the lead's name, trimmed and lowercased (Close matches it case-insensitively)
  lead_id TEXT,                        -- once known
  holder TEXT,                         -- the submission creating the lead
  hold_until INTEGER,                  -- ms; until then nobody else may look for or create it
  updated_at INTEGER NOT NULL
);
