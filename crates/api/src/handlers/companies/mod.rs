//! Company administration (2.5.3.1.58–61, 63, 73).

pub mod create;
pub mod custom_fields;
pub mod delete_many;
pub mod get;
pub mod groups;
pub mod list;
