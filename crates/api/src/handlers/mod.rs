//! One handler per file, named for what it does; the route table in `routes.rs` lists them all.

pub mod activities;
pub mod auth;
pub mod canvass;
pub mod fallback;
pub mod health;
pub mod openapi;
