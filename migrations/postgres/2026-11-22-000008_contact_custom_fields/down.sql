DROP TABLE contact_custom_fields;
