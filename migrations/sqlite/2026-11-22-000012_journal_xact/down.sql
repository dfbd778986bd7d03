ALTER TABLE device_syncs DROP COLUMN last_snapshot;
ALTER TABLE device_syncs DROP COLUMN last_txid;
ALTER TABLE activities DROP COLUMN txid;
