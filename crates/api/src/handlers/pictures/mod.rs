//! Contact pictures (2.5.3.1.12–17) and their bytes.

pub mod create;
pub mod delete;
pub mod delete_many;
pub mod get;
pub mod of_contact;
pub mod raw;
pub mod update;
