DROP TABLE contact_buckets;
DROP TABLE search_terms;
DROP TABLE contact_relations;
DROP TABLE contact_tags;
DROP TABLE addresses;
DROP TABLE basic_infos;
DROP TABLE contacts;
