-- The values of a company's custom fields on its users' contacts. Deleting the field or the
-- contact deletes the value.
CREATE TABLE contact_custom_fields (
    contact_id BIGINT NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
    field_id BIGINT NOT NULL REFERENCES custom_fields(id) ON DELETE CASCADE,
    position BIGINT NOT NULL,
    value TEXT NOT NULL,
    PRIMARY KEY (contact_id, field_id)
);
CREATE INDEX contact_custom_fields_field ON contact_custom_fields(field_id);
