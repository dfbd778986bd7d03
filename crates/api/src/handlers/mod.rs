//! One handler per file, named for what it does; each resource module declares its endpoints
//! (`endpoints()`), from which `routes.rs` builds the route table and the OpenAPI paths.

pub mod account;
pub mod activities;
pub mod auth;
pub mod basic_infos;
pub mod canvass;
pub mod cleanup;
pub mod companies;
pub mod contacts;
pub mod custom_fields;
pub mod deals;
pub mod devices;
pub mod docs;
pub mod fallback;
pub mod groups;
pub mod health;
pub mod import;
pub mod interactions;
pub mod metrics;
pub mod notes;
pub mod openapi;
pub mod pictures;
pub mod socket;
pub mod sync;
pub mod tags;
pub mod task_lists;
pub mod tasks;
pub mod trigger_devices;
pub mod users;
