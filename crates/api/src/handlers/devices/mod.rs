//! Devices for push notifications (2.5.3.1.68–71).

pub mod delete;
pub mod list;
pub mod register;
pub mod update;
