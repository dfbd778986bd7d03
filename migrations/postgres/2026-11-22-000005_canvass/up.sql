-- Canvass interactions (spec/000): the JSON `data` as text, plus the attributes lists filter
-- and sort on in columns of their own, each indexed. `uuid` is the resource's `id`.
-- Byte order ("C") for the ids: sorting and keyset comparisons need not follow a locale.
CREATE TABLE canvass_interactions (
    id BIGSERIAL PRIMARY KEY,
    uuid TEXT COLLATE "C" NOT NULL UNIQUE,
    company_id BIGINT NOT NULL REFERENCES companies(id),
    group_id BIGINT NOT NULL REFERENCES groups(id),
    customer_uuid TEXT NOT NULL,
    group_uuid TEXT NOT NULL,
    campaign_id TEXT COLLATE "C" NOT NULL,
    contact_id TEXT COLLATE "C" NOT NULL,
    household_id TEXT COLLATE "C" NOT NULL,
    contact_household_id TEXT COLLATE "C" NOT NULL,
    timestamp BIGINT NOT NULL,
    data TEXT NOT NULL,
    etag TEXT NOT NULL,
    created BIGINT NOT NULL,
    modified BIGINT NOT NULL,
    created_by TEXT NOT NULL,
    modified_by TEXT NOT NULL,
    is_deleted BOOLEAN NOT NULL DEFAULT FALSE
);
CREATE INDEX canvass_campaign ON canvass_interactions(campaign_id, uuid);
CREATE INDEX canvass_contact ON canvass_interactions(contact_id, uuid);
CREATE INDEX canvass_household ON canvass_interactions(household_id, uuid);
CREATE INDEX canvass_contact_household ON canvass_interactions(contact_household_id, uuid);
CREATE INDEX canvass_group_uuid ON canvass_interactions(group_id, uuid);
CREATE INDEX canvass_group_timestamp ON canvass_interactions(group_id, timestamp, uuid);
CREATE INDEX canvass_group_created ON canvass_interactions(group_id, created, uuid);
CREATE INDEX canvass_group_modified ON canvass_interactions(group_id, modified, uuid);
CREATE INDEX canvass_company_uuid ON canvass_interactions(company_id, uuid);
