//! Storage: the Diesel schema, rows and queries, and the migrations, one query set for SQLite
//! and PostgreSQL. Nothing here knows about HTTP.

pub mod activities;
pub mod apns_outbox;
pub mod backup;
pub mod batch;
pub mod canvass;
pub mod cleanup;
pub mod companies;
pub mod contact_writes;
pub mod contacts;
pub mod custom_fields;
pub mod db;
pub mod deals;
pub mod dependents;
pub mod device_syncs;
pub mod devices;
mod drain;
pub mod group_commit;
pub mod groups;
pub mod idlist;
pub mod import;
pub mod import_contacts;
pub mod interactions;
pub mod login_failures;
pub mod notes;
pub mod notify;
mod owned;
pub mod password_resets;
pub mod pictures;
pub mod pool_stats;
pub mod schema;
pub mod task_lists;
pub mod tasks;
pub mod tokens;
pub mod trigger_devices;
pub mod users;
pub mod wipe;

pub use db::{AnyConnection, Backend, Db};
