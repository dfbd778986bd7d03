//! The wire types of the interact.io and canvass APIs (serde) and their validation. No Diesel,
//! no actix: other Rust services link this crate to talk to the server.

pub mod account;
pub mod activities;
pub mod admin;
pub mod auth;
pub mod cleanup;
pub mod contacts;
pub mod devices;
pub mod envelope;
pub mod import;
pub mod interactions;
pub mod numbers;
pub mod paging;
pub mod pictures;
pub mod records;
pub mod tasks;

pub use envelope::{Created, Deleted, ErrorBody, Success, Updated};
pub use paging::{ListPage, Listed, Page};
pub mod canvass;
