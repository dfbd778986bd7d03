-- The journal is ordered by the writing transaction's id, not by a per-user lock held across
-- the commit: a sync hands out entries of transactions older than the oldest one still
-- running, and its next sync starts there. Entries written before this migration carry 0.
ALTER TABLE activities ADD COLUMN txid BIGINT NOT NULL DEFAULT 0;
ALTER TABLE activities ALTER COLUMN txid SET DEFAULT (pg_current_xact_id()::text::bigint);
CREATE INDEX activities_user_txid ON activities(user_id, txid);
ALTER TABLE device_syncs ADD COLUMN last_txid BIGINT NOT NULL DEFAULT 0;
ALTER TABLE device_syncs ADD COLUMN last_snapshot TEXT;
