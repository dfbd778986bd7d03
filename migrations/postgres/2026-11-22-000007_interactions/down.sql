DROP TABLE apns_outbox;
DROP TABLE device_syncs;
DROP TABLE interactions;
