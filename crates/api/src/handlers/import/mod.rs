//! Import from external systems (2.5.3.2.3–4).

pub mod run;

/// The endpoints of this resource (`routes.rs` builds the route table and the OpenAPI
/// paths from them).
pub fn endpoints() -> Vec<crate::routes::Endpoint> {
    use interact_errors::{Action, Realm};
    vec![crate::endpoint!(
        run::import,
        Action::Import,
        Realm::ContactImport
    )]
}
