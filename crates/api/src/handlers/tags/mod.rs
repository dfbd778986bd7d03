//! Tags (2.5.3.1.26).

pub mod list;
