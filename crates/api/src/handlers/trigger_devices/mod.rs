//! Trigger devices (2.5.2.2–3).

pub mod list;
pub mod register;
