DROP TABLE import_accounts;
DROP TABLE import_contact_values;
DROP TABLE import_contacts;
DROP TABLE contact_sources;
