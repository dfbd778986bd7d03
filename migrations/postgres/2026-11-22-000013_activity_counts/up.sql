-- How many journal entries each user has, for `totalLength` of `GET /v2/activities` without
-- counting the whole journal. A user's count is the sum of their rows here. Writers are not
-- serialized per user (000012): a transaction adds its entries to the first row of the user
-- that no other running transaction holds (`FOR UPDATE SKIP LOCKED`), or to a new row when
-- all are held, so it never waits for another writer; a user has at most as many rows as
-- they ever had writers at once. Kept by a statement trigger, once per INSERT statement
-- (multi-row inserts of an import count once), with no extra round trip.
CREATE TABLE activity_counts (
    id BIGSERIAL PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    n BIGINT NOT NULL
);
CREATE INDEX activity_counts_user ON activity_counts(user_id);
INSERT INTO activity_counts (user_id, n)
    SELECT user_id, COUNT(*) FROM activities GROUP BY user_id;

CREATE FUNCTION activities_count() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    r RECORD;
    slot BIGINT;
BEGIN
    FOR r IN SELECT user_id, COUNT(*) AS k FROM added GROUP BY user_id LOOP
        SELECT id INTO slot FROM activity_counts WHERE user_id = r.user_id
            ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED;
        IF FOUND THEN
            UPDATE activity_counts SET n = n + r.k WHERE id = slot;
        ELSE
            INSERT INTO activity_counts (user_id, n) VALUES (r.user_id, r.k);
        END IF;
    END LOOP;
    RETURN NULL;
END $$;

CREATE TRIGGER activities_count AFTER INSERT ON activities
    REFERENCING NEW TABLE AS added
    FOR EACH STATEMENT EXECUTE FUNCTION activities_count();
