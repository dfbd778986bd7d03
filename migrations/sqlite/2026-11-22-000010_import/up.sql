-- Import from external systems (issue 8).
-- contact_sources: which contact an external record became, so a re-import updates it.
-- import_contacts: records that failed the nameRequired/phoneRequired/emailRequired rules,
-- kept apart from contacts (never in contact lists, search, sync or trigger matching) until
-- a merge takes them in or deletes them. Their basicInfo values, normalized, are in
-- import_contact_values so that cleanup finds duplicates through an index.
-- import_accounts: per external account, the last import time and the connector's sync token.
CREATE TABLE contact_sources (
    contact_id BIGINT PRIMARY KEY REFERENCES contacts(id) ON DELETE CASCADE,
    user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    external_system TEXT NOT NULL,
    account TEXT NOT NULL,
    external_id TEXT NOT NULL
);
CREATE UNIQUE INDEX contact_sources_external ON contact_sources(user_id, external_system, account, external_id);

CREATE TABLE import_contacts (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    external_system TEXT NOT NULL,
    account TEXT NOT NULL,
    external_id TEXT NOT NULL,
    contact TEXT NOT NULL,
    created BIGINT NOT NULL,
    modified BIGINT NOT NULL
);
CREATE INDEX import_contacts_user_id ON import_contacts(user_id, id);
CREATE UNIQUE INDEX import_contacts_external ON import_contacts(user_id, external_system, account, external_id);

CREATE TABLE import_contact_values (
    import_contact_id BIGINT NOT NULL REFERENCES import_contacts(id) ON DELETE CASCADE,
    match_key TEXT NOT NULL,
    user_id BIGINT NOT NULL,
    value TEXT NOT NULL,
    PRIMARY KEY (import_contact_id, match_key)
);
CREATE INDEX import_contact_values_user_key ON import_contact_values(user_id, match_key);

CREATE TABLE import_accounts (
    user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    external_system TEXT NOT NULL,
    account TEXT NOT NULL,
    last_import BIGINT NOT NULL,
    sync_token TEXT,
    PRIMARY KEY (user_id, external_system, account)
);
