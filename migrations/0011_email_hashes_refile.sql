-- A submission's email search hashes follow its draft: when an update gives the row another list
-- (a dead submission sent again, a replay that mapped the sender's data anew, the sweep hashing
-- an older row), a trigger refiles submission_emails from it in the update's own statement. An
-- update that matched no row (a concurrent revival that lost) files nothing.
CREATE TRIGGER submissions_refile_email_hashes AFTER UPDATE OF email_hashes ON submissions
  WHEN NEW.email_hashes IS NOT NULL AND NEW.email_hashes IS NOT OLD.email_hashes
BEGIN
  DELETE FROM submission_emails WHERE submission_id = NEW.id;
  INSERT OR IGNORE INTO submission_emails (email_hash, submission_id)
    SELECT value, NEW.id FROM json_each(NEW.email_hashes);
END;
