//! Activities (2.5.3.1.1).

pub mod list;
