//! Group administration (2.5.3.1.62–67).

pub mod create;
pub mod delete;
pub mod delete_many;
pub mod get;
pub mod update;
