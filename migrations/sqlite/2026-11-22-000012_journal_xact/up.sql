-- SQLite has one writer at a time, so its journal is committed in id order and sync keeps
-- using the id; the columns exist so that both backends share one schema.
ALTER TABLE activities ADD COLUMN txid BIGINT NOT NULL DEFAULT 0;
ALTER TABLE device_syncs ADD COLUMN last_txid BIGINT NOT NULL DEFAULT 0;
ALTER TABLE device_syncs ADD COLUMN last_snapshot TEXT;
