//! Storage: the Diesel schema, rows and queries, and the migrations, one query set for SQLite
//! and PostgreSQL. Nothing here knows about HTTP.

pub mod db;
pub mod schema;

pub mod activities;
pub mod canvass;
pub mod companies;
pub mod groups;
pub mod tokens;
pub mod users;

pub use db::{AnyConnection, Backend, Db};
