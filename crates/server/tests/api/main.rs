//! The HTTP test suite. One binary; each test gets its own server and database. Runs on
//! SQLite by default and on PostgreSQL with `TEST_DATABASE_URL=postgres://…` (see
//! `scripts/test`).

#[allow(dead_code)]
mod common;

mod activities;
mod auth;
mod canvass;
mod cli;
mod envelopes;
mod jsonp_cors;
