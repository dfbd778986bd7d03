//! Authentication (2.5.1).

pub mod login;
pub mod logout;
