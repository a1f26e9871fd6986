-- Incidents: something that needs a person (a refused key, a refused mapping, a broken
-- configuration, dead submissions, a backlog, a spike of failed signatures). One open row per
-- cause, source and detail; it is resolved (kept, for the record) when the cause stops.
CREATE TABLE incidents (
  id TEXT PRIMARY KEY,                 -- inc_ + 26 time-ordered characters
  cause TEXT NOT NULL,                 -- docs/alerts.md lists the causes
  source TEXT NOT NULL DEFAULT '',     -- '' for the whole bridge (the Close key, the backlog)
  detail TEXT NOT NULL DEFAULT '',     -- what tells incidents of one cause and source apart (Close's field)
  status TEXT NOT NULL CHECK (status IN ('open', 'resolved')),
  summary TEXT NOT NULL,               -- what was seen last, never personal data
  fix TEXT NOT NULL,                   -- what a person should do about it
  count INTEGER NOT NULL,              -- how many times it was seen (failed deliveries, refused requests, checks)
  example_id TEXT,                     -- the first submission it concerned, if any
  first_seen INTEGER NOT NULL,         -- ms since the epoch
  last_seen INTEGER NOT NULL,
  resolved_at INTEGER,
  resolution TEXT,                     -- why it was resolved
  alerted_at INTEGER NOT NULL,         -- when the last opened or reminder alert was queued
  reminders INTEGER NOT NULL DEFAULT 0
);
-- One open incident per cause, source and detail: concurrent deliveries cannot open two.
CREATE UNIQUE INDEX incidents_open ON incidents (cause, source, detail) WHERE status = 'open';
CREATE INDEX incidents_status ON incidents (status, id);

-- Alert messages waiting to be sent, one row per message and channel: written in the same
-- batch as the incident change they announce, sent (and retried) apart from any delivery.
CREATE TABLE alert_outbox (
  id TEXT PRIMARY KEY,                 -- <incident id>.<kind>[.<n>].<channel>: one message per event
  channel TEXT NOT NULL CHECK (channel IN ('slack', 'webhook', 'email')),
  kind TEXT NOT NULL CHECK (kind IN ('opened', 'reminder', 'resolved', 'digest')),
  incident_id TEXT,
  message TEXT NOT NULL,               -- JSON: the alert as announced (no personal data)
  status TEXT NOT NULL CHECK (status IN ('pending', 'sent', 'failed')),
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER NOT NULL,    -- ms
  lease_until INTEGER,                 -- ms; a sender holds the row until then
  last_error TEXT,
  created_at INTEGER NOT NULL,
  sent_at INTEGER
);
CREATE INDEX alert_outbox_due ON alert_outbox (status, next_attempt_at);

-- Refused signatures and tokens per source and minute, to notice a spike.
CREATE TABLE signature_failures (
  source TEXT NOT NULL,
  minute INTEGER NOT NULL,             -- ms at the start of the minute
  count INTEGER NOT NULL,
  PRIMARY KEY (source, minute)
);

-- Small facts the bridge keeps about itself: when the last daily digest went out, the deep
-- health check's write probe.
CREATE TABLE bridge_state (
  key TEXT PRIMARY KEY,
  value INTEGER NOT NULL
);
