-- What the sender sent (raw body, content type, query string and the headers the stages read),
-- kept beside the draft until the submission is delivered, so that a replay (or the sender's
-- redelivery of a dead submission) maps it anew with the configuration of the day. It is
-- personal data like the draft: removed on delivery, by retention and by erasure.
ALTER TABLE submissions ADD COLUMN input TEXT;
