-- How many journal entries each user has, for `totalLength` of `GET /v2/activities` without
-- counting the whole journal. SQLite has one writer at a time, so one row per user, kept by a
-- trigger on every journal insert (the PostgreSQL table may hold several rows per user, so
-- the count is read as the sum of the user's rows on both backends).
CREATE TABLE activity_counts (
    id INTEGER PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    n BIGINT NOT NULL
);
CREATE UNIQUE INDEX activity_counts_user ON activity_counts(user_id);
INSERT INTO activity_counts (user_id, n)
    SELECT user_id, COUNT(*) FROM activities GROUP BY user_id;

CREATE TRIGGER activities_count AFTER INSERT ON activities
BEGIN
    INSERT INTO activity_counts (user_id, n) VALUES (NEW.user_id, 1)
        ON CONFLICT (user_id) DO UPDATE SET n = n + 1;
END;
