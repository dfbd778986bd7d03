DROP TABLE login_failures;
DROP TABLE password_resets;
DROP TABLE trigger_devices;
DROP TABLE devices;
DROP TABLE custom_fields;
