-- A new submission and its email search hashes in one statement: the insert carries the hashes
-- (a JSON array, see src/store/email-hash.ts) and a trigger files each in submission_emails, in
-- the insert's own transaction. An insert that a dedupe key turns away (ON CONFLICT DO NOTHING)
-- inserts no row, so the trigger files nothing for it.

-- The row's email search hashes as recorded (JSON array); submission_emails is their index.
-- Rows recorded before this migration have none here: their hashes are in submission_emails.
ALTER TABLE submissions ADD COLUMN email_hashes TEXT;

CREATE TRIGGER submissions_file_email_hashes AFTER INSERT ON submissions
  WHEN NEW.email_hashes IS NOT NULL
BEGIN
  INSERT OR IGNORE INTO submission_emails (email_hash, submission_id)
    SELECT value, NEW.id FROM json_each(NEW.email_hashes);
END;
