DROP TABLE auth_tokens;
DROP TABLE user_groups;
DROP TABLE users;
DROP TABLE groups;
DROP TABLE companies;
