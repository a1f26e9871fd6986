-- The submission log: one row per accepted submission, from receipt to delivery in Close.
CREATE TABLE submissions (
  id TEXT PRIMARY KEY,                 -- sub_ + 26 time-ordered characters
  source TEXT NOT NULL,
  mode TEXT NOT NULL CHECK (mode IN ('queue', 'sync')),
  received_at INTEGER NOT NULL,        -- ms since the epoch
  dedupe_key TEXT,                     -- Idempotency-Key, the sender's event id, or a body hash
  status TEXT NOT NULL CHECK (status IN ('queued', 'delivering', 'retrying', 'delivered', 'skipped', 'dead')),
  outcome TEXT CHECK (outcome IN ('created', 'updated', 'skipped')),
  attempts INTEGER NOT NULL DEFAULT 0,
  max_retries INTEGER NOT NULL,
  next_attempt_at INTEGER,             -- ms; when a retrying submission is due
  lease_until INTEGER,                 -- ms; a delivery in progress holds the row until then
  last_error_code TEXT,
  last_error_message TEXT,             -- Close's message, never personal data
  last_error_details TEXT,             -- JSON: Close's field errors
  contact_id TEXT,
  lead_id TEXT,
  note_id TEXT,
  pending TEXT,                        -- a Close write sent but not yet answered (upsert progress)
  draft TEXT,                          -- JSON contact draft; removed after RETENTION_DAYS
  updated_at INTEGER NOT NULL
);

-- One submission per sender event: concurrent deliveries of one key cannot both insert.
CREATE UNIQUE INDEX submissions_dedupe ON submissions (source, dedupe_key) WHERE dedupe_key IS NOT NULL;
CREATE INDEX submissions_status ON submissions (status, id);
CREATE INDEX submissions_source ON submissions (source, id);
CREATE INDEX submissions_received ON submissions (received_at);
