//! Interact.io interactions (2.5.2.1 trigger event, 2.5.3.1.28–31); the canvass resource on
//! the same path is in `handlers::canvass` (see `canvass::dispatch`).

pub mod contact;
pub mod get;
pub mod list;
pub mod trigger;
pub mod update;
