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
mod backup;
mod bus;
mod canvass;
mod cleanup;
mod cli;
mod contact_cache;
mod contact_custom_fields;
mod contact_unlinks;
mod contacts;
mod cors_preflight;
mod devices;
mod docs_page;
mod envelopes;
mod hardening_input;
mod import;
mod import_batches;
mod interactions;
mod jsonp_cors;
mod limits;
mod log_format;
mod metrics;
mod openapi_doc;
mod openapi_requests;
mod openapi_truth;
mod pictures;
mod records;
mod sessions;
mod shapes;
mod socket;
#[allow(dead_code)]
mod support;
mod sync;
mod sync_state;
mod tasks;
mod write_batches;

// The harness under its first name, which test files use (`use crate::common::*;`).
use support as common;
use support::google_standin;
