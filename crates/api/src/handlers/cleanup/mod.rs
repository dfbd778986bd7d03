//! Cleanup (2.5.3.2.5–2.5.3.2.6).

pub mod get;
