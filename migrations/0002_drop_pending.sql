-- Upsert progress no longer records a pending write before sending it: a retry looks for its
-- own earlier writes instead (the contact by email or phone, the note by its submission id).
ALTER TABLE submissions DROP COLUMN pending;
