-- Administration: custom field definitions, push devices, trigger devices, password reset
-- tokens and the failed-login record that throttles guessing.
CREATE TABLE custom_fields (
    id BIGSERIAL PRIMARY KEY,
    company_id BIGINT NOT NULL REFERENCES companies(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    data_type TEXT NOT NULL,
    entity_type TEXT NOT NULL,
    created BIGINT NOT NULL
);
CREATE UNIQUE INDEX custom_fields_company_name ON custom_fields(company_id, entity_type, name);

CREATE TABLE devices (
    id BIGSERIAL PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    device_id TEXT NOT NULL,
    name TEXT NOT NULL,
    active BOOLEAN NOT NULL DEFAULT TRUE,
    created BIGINT NOT NULL
);
CREATE UNIQUE INDEX devices_user_device ON devices(user_id, device_id);

CREATE TABLE trigger_devices (
    id BIGSERIAL PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    device_id TEXT NOT NULL,
    trigger_token TEXT NOT NULL UNIQUE,
    created BIGINT NOT NULL
);
CREATE UNIQUE INDEX trigger_devices_user_device ON trigger_devices(user_id, device_id);

CREATE TABLE password_resets (
    id BIGSERIAL PRIMARY KEY,
    token_hash TEXT NOT NULL UNIQUE,
    user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created BIGINT NOT NULL,
    expires BIGINT NOT NULL
);
CREATE INDEX password_resets_user ON password_resets(user_id);

CREATE TABLE login_failures (
    id BIGSERIAL PRIMARY KEY,
    key TEXT NOT NULL,
    time BIGINT NOT NULL
);
CREATE INDEX login_failures_key_time ON login_failures(key, time);
CREATE INDEX login_failures_time ON login_failures(time);
