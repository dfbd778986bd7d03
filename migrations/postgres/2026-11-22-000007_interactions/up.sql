-- Interactions recorded by trigger devices (2.5.2.1) and read/updated by their owner
-- (2.5.3.1.28–31).
CREATE TABLE interactions (
    id BIGSERIAL PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    person_id BIGINT REFERENCES contacts(id) ON DELETE SET NULL,
    organization_id BIGINT REFERENCES contacts(id) ON DELETE SET NULL,
    basic_info_id BIGINT REFERENCES basic_infos(id) ON DELETE SET NULL,
    type TEXT NOT NULL,
    data TEXT NOT NULL,
    duration BIGINT,
    status TEXT,
    custom_tags TEXT,
    external_systems TEXT NOT NULL,
    entity_key TEXT,
    time BIGINT NOT NULL,
    created BIGINT NOT NULL,
    modified BIGINT NOT NULL
);
CREATE INDEX interactions_user_time ON interactions(user_id, time DESC, id DESC);
CREATE INDEX interactions_person ON interactions(person_id);
CREATE INDEX interactions_organization ON interactions(organization_id);
CREATE INDEX interactions_basic_info ON interactions(basic_info_id);
-- Idempotent retries: one interaction per (owner, external system, entityId).
CREATE UNIQUE INDEX interactions_user_entity ON interactions(user_id, entity_key);

-- Where each device's offline sync stands (2.5.3.2.1): the journal sequence number it has
-- seen and when it synced; the websocket's sync hint (2.4.3) compares against it.
CREATE TABLE device_syncs (
    device_id BIGINT PRIMARY KEY REFERENCES devices(id) ON DELETE CASCADE,
    user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    last_seq BIGINT NOT NULL,
    last_time BIGINT NOT NULL
);
CREATE INDEX device_syncs_user ON device_syncs(user_id);

-- APNs deliveries (2.4.2), written in the transaction of the interaction and sent by the
-- server's sender task; rows survive restarts. status: pending, sent, failed.
CREATE TABLE apns_outbox (
    id BIGSERIAL PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    device_token TEXT NOT NULL,
    payload TEXT NOT NULL,
    status TEXT NOT NULL,
    attempts BIGINT NOT NULL,
    next_attempt BIGINT NOT NULL,
    last_error TEXT,
    created BIGINT NOT NULL,
    updated BIGINT NOT NULL
);
CREATE INDEX apns_outbox_due ON apns_outbox(status, next_attempt);
CREATE INDEX apns_outbox_user ON apns_outbox(user_id);
