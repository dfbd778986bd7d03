-- Imports relate a person to the organization contact of the same name: find it by name.
CREATE INDEX contacts_user_organization_name ON contacts(user_id, organization_name);
