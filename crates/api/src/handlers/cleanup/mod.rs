//! Cleanup (2.5.3.2.5–2.5.3.2.6).

pub mod get;

/// The endpoints of this resource (`routes.rs` builds the route table and the OpenAPI
/// paths from them).
pub fn endpoints() -> Vec<crate::routes::Endpoint> {
    use interact_errors::{Action, Realm};
    vec![crate::endpoint!(get::cleanup, Action::View, Realm::Cleanup)]
}
