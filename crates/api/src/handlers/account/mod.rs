//! The caller's account (2.5.3.2.11–12).

pub mod my_account;
