//! The HTTP test suite. One binary; each test gets its own server and database. Runs on
//! SQLite by default and on PostgreSQL with `TEST_DATABASE_URL=postgres://…` (see
//! `scripts/test`).

#[allow(dead_code)]
mod account;
mod activities;
mod admin_companies;
mod admin_lists;
mod admin_users;
mod apns;
mod auth;
mod authz_matrix;
mod bus;
mod canvass;
mod cleanup;
mod cli;
mod common;
mod contact_custom_fields;
mod contacts;
mod devices;
mod envelopes;
mod google_standin;
mod import;
mod interactions;
mod jsonp_cors;
mod pictures;
mod records;
mod socket;
mod sync;
mod tasks;
