//! Custom field administration (2.5.3.1.72–76).

pub mod create;
pub mod delete_many;
pub mod get;
pub mod list;
pub mod update;
