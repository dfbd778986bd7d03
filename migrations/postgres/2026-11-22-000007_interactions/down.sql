DROP TABLE device_syncs;
DROP TABLE interactions;
