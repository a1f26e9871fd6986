-- What the console (/admin) reads: a searchable email, what the preset read, every delivery
-- attempt with the Close requests it sent, and the posts a source answered without recording.

-- HMAC-SHA256 (keyed by a secret) of the submission's first email, trimmed and lowercased: the
-- log can be searched by a person's email without keeping the address once the draft is gone.
ALTER TABLE submissions ADD COLUMN email_hash TEXT;
-- JSON: the answers the preset read ([{ key, label, value }]); personal data, removed with the draft.
ALTER TABLE submissions ADD COLUMN answers TEXT;
CREATE INDEX submissions_email ON submissions (email_hash, id) WHERE email_hash IS NOT NULL;
CREATE INDEX submissions_error ON submissions (last_error_code, id) WHERE last_error_code IS NOT NULL;

-- One row per delivery attempt, in the order they ran; removed with its submission.
CREATE TABLE delivery_attempts (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  submission_id TEXT NOT NULL REFERENCES submissions (id) ON DELETE CASCADE,
  attempt INTEGER NOT NULL,            -- the submission's attempt count when it ran (a replay starts again at 1)
  mode TEXT NOT NULL CHECK (mode IN ('queue', 'sync')),
  started_at INTEGER NOT NULL,         -- ms
  finished_at INTEGER NOT NULL,        -- ms
  result TEXT NOT NULL CHECK (result IN ('created', 'updated', 'skipped', 'retry', 'rate_limited', 'dead')),
  close_status INTEGER,                -- the HTTP status of Close's failing answer, when there was one
  error_code TEXT,
  error_message TEXT,                  -- Close's message, personal data masked
  requests TEXT NOT NULL               -- JSON: [{ method, path, status, ids }], no bodies, no query strings
);
CREATE INDEX delivery_attempts_submission ON delivery_attempts (submission_id, id);
CREATE INDEX delivery_attempts_error ON delivery_attempts (error_code, submission_id) WHERE error_code IS NOT NULL;

-- Posts a source answered without recording a submission, counted per hour: events it ignores,
-- honeypot hits, and refusals after the sender passed the source's authentication (a 422 that
-- cannot become a contact, a 400 body, ...). Nothing about the person, only counts.
CREATE TABLE unrecorded_posts (
  hour INTEGER NOT NULL,               -- ms at the start of the hour (UTC)
  source TEXT NOT NULL,
  outcome TEXT NOT NULL,               -- 'ignored', 'spam', or the error code answered
  status INTEGER NOT NULL,             -- the HTTP status answered
  count INTEGER NOT NULL,
  PRIMARY KEY (hour, source, outcome)
);
