-- Routing in Close: how far a submission's routing got (its owner's turn, the ids of the task,
-- custom activity and opportunity it made), saved as soon as Close answers each step, so that a
-- retry never makes any of them twice.
ALTER TABLE submissions ADD COLUMN routing TEXT;   -- JSON, see src/store/routing.ts

-- Round-robin owners: the turns each rotation has given out. Shared by every isolate, so two
-- deliveries at once take different turns; a submission's turn is recorded with it (routing).
CREATE TABLE owner_rotations (
  name TEXT PRIMARY KEY,               -- the rotation (by default the source's name)
  turns INTEGER NOT NULL DEFAULT 0,    -- turns given out so far
  updated_at INTEGER NOT NULL
);
