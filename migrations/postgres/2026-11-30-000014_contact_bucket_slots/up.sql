-- A user's contacts per bucket of ids are the sum of the bucket's slots. Before, one row per
-- bucket, and every new contact of a user lands in the same (last) bucket: each creation
-- locked that row until its commit, so one user's creations committed one after another,
-- each waiting for the previous one's WAL flush (issue 12: 16 writers of one user spent
-- most of their time waiting on this row). A writer now adds to the first slot of the bucket
-- that no running transaction holds (`FOR UPDATE SKIP LOCKED`), or to a new slot when all
-- are held (`store::contacts::bump_bucket`); SQLite, with its one writer, keeps slot 0.
ALTER TABLE contact_buckets ADD COLUMN slot BIGINT NOT NULL DEFAULT 0;
ALTER TABLE contact_buckets DROP CONSTRAINT contact_buckets_pkey;
ALTER TABLE contact_buckets ADD PRIMARY KEY (user_id, bucket, slot);
