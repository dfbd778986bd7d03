-- The change journal: one row per create, update and delete of a user's entity, written in
-- the same transaction as the change. `id` is the journal's sequence number.
CREATE TABLE activities (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    actor_id BIGINT NOT NULL,
    action TEXT NOT NULL,
    entity_type TEXT NOT NULL,
    entity_id BIGINT NOT NULL,
    old_state TEXT,
    new_state TEXT,
    time BIGINT NOT NULL
);
CREATE INDEX activities_user_seq ON activities(user_id, id);
