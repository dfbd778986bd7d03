-- The slots of PostgreSQL's migration 000014 (a bucket's count is the sum of its slots), so
-- that both backends have one table; SQLite's one writer only ever uses slot 0. SQLite
-- cannot change a primary key in place: the table is made anew.
CREATE TABLE contact_buckets_slots (
    user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    bucket BIGINT NOT NULL,
    n BIGINT NOT NULL,
    slot BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (user_id, bucket, slot)
);
INSERT INTO contact_buckets_slots (user_id, bucket, n, slot)
    SELECT user_id, bucket, n, 0 FROM contact_buckets;
DROP TABLE contact_buckets;
ALTER TABLE contact_buckets_slots RENAME TO contact_buckets;
