-- Contacts (persons and organizations) and what hangs off them: basicInfos (also standalone,
-- to exclude unknown numbers), addresses, tags, person-organization relations, search terms,
-- and per-user bucket counts that make deep pages and totals cheap.
CREATE TABLE contacts (
    id BIGSERIAL PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    version BIGINT NOT NULL,
    contact_type TEXT NOT NULL,
    title TEXT,
    first_name TEXT,
    middle_name TEXT,
    last_name TEXT,
    profession TEXT,
    gender TEXT,
    hot BOOLEAN NOT NULL DEFAULT FALSE,
    organization_name TEXT,
    business TEXT,
    profiles TEXT NOT NULL DEFAULT '{}',
    created BIGINT NOT NULL,
    modified BIGINT NOT NULL
);
CREATE INDEX contacts_user_id ON contacts(user_id, id);

CREATE TABLE basic_infos (
    id BIGSERIAL PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    contact_id BIGINT REFERENCES contacts(id) ON DELETE CASCADE,
    position BIGINT NOT NULL DEFAULT 0,
    type TEXT NOT NULL,
    subtype TEXT,
    value TEXT NOT NULL,
    match_key TEXT NOT NULL,
    excluded BOOLEAN NOT NULL DEFAULT FALSE,
    identifier TEXT
);
CREATE INDEX basic_infos_contact ON basic_infos(contact_id, position);
CREATE INDEX basic_infos_user_key ON basic_infos(user_id, match_key);

CREATE TABLE addresses (
    id BIGSERIAL PRIMARY KEY,
    contact_id BIGINT NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
    position BIGINT NOT NULL DEFAULT 0,
    subtype TEXT,
    addressline1 TEXT,
    addressline2 TEXT,
    addressline3 TEXT,
    zip TEXT,
    city TEXT,
    state TEXT,
    country TEXT
);
CREATE INDEX addresses_contact ON addresses(contact_id, position);

CREATE TABLE contact_tags (
    contact_id BIGINT NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
    position BIGINT NOT NULL,
    user_id BIGINT NOT NULL,
    tag TEXT NOT NULL,
    PRIMARY KEY (contact_id, position)
);
CREATE INDEX contact_tags_user_tag ON contact_tags(user_id, tag);

CREATE TABLE contact_relations (
    person_id BIGINT NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
    organization_id BIGINT NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
    PRIMARY KEY (person_id, organization_id)
);
CREATE INDEX contact_relations_organization ON contact_relations(organization_id, person_id);

CREATE TABLE search_terms (
    contact_id BIGINT NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
    term TEXT COLLATE "C" NOT NULL,
    user_id BIGINT NOT NULL,
    PRIMARY KEY (contact_id, term)
);
CREATE INDEX search_terms_user_term ON search_terms(user_id, term, contact_id);

CREATE TABLE contact_buckets (
    user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    bucket BIGINT NOT NULL,
    n BIGINT NOT NULL,
    PRIMARY KEY (user_id, bucket)
);
