//! Task lists (2.5.3.1.41–45); `/v2/tasksLists/:id` (the document's spelling) is an alias.

pub mod create;
pub mod delete;
pub mod get;
pub mod list;
pub mod update;
