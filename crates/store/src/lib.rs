//! Storage: the Diesel schema, rows and queries, and the migrations, one query set for SQLite
//! and PostgreSQL. Nothing here knows about HTTP.

pub mod db;
pub mod schema;

pub mod activities;
pub mod companies;
pub mod groups;
pub mod tokens;
pub mod users;
pub mod canvass;

pub use db::{AnyConnection, Backend, Db};
