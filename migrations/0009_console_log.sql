-- The console's log, searched and read better. Numbered 0009 so that it follows the incidents'
-- 0008 whichever lands first.

-- Every email of a submission is searchable, not only the first: one keyed hash per address
-- (see src/store/email-hash.ts), each naming its submission.
CREATE TABLE submission_emails (
  email_hash TEXT NOT NULL,            -- HMAC-SHA256 of the address, trimmed, NFC and lowercased
  submission_id TEXT NOT NULL REFERENCES submissions (id) ON DELETE CASCADE,
  PRIMARY KEY (email_hash, submission_id)
) WITHOUT ROWID;
CREATE INDEX submission_emails_submission ON submission_emails (submission_id);

-- The first emails hashed so far move over as they are.
INSERT INTO submission_emails (email_hash, submission_id)
  SELECT email_hash, id FROM submissions WHERE email_hash IS NOT NULL;

-- Rows recorded before this migration whose draft is still kept are hashed again in full (every
-- email) by the scheduled sweep, which needs the key; new rows are hashed when recorded. A row
-- whose draft retention removed keeps only its first email's hash (or none, if it is older
-- than the console): its other addresses are no longer in the log to be hashed.
ALTER TABLE submissions ADD COLUMN emails_hashed INTEGER NOT NULL DEFAULT 1;
UPDATE submissions SET emails_hashed = 0 WHERE draft IS NOT NULL;
CREATE INDEX submissions_emails_unhashed ON submissions (id) WHERE emails_hashed = 0 AND draft IS NOT NULL;

DROP INDEX submissions_email;
ALTER TABLE submissions DROP COLUMN email_hash;

-- When a source last answered a post without recording it (ms), per hour, source and outcome:
-- the Sources page says when the last post came and what became of it (a refusal, an ignored
-- event, spam), not only when a submission was last recorded. Rows counted before this
-- migration have none; the page takes the start of their hour.
ALTER TABLE unrecorded_posts ADD COLUMN last_at INTEGER;
CREATE INDEX unrecorded_posts_source ON unrecorded_posts (source, hour);
