//! Deals (2.5.3.1.46–52).

pub mod create;
pub mod delete;
pub mod delete_many;
pub mod get;
pub mod list;
pub mod of_contact;
pub mod update;
