//! Authentication (2.5.1).

pub mod login;
pub mod logout;

/// The endpoints of this resource (`routes.rs` builds the route table and the OpenAPI
/// paths from them).
pub fn endpoints() -> Vec<crate::routes::Endpoint> {
    use interact_errors::{Action, Realm};
    vec![
        crate::endpoint!(login::login, Action::Login, Realm::Authentication),
        crate::endpoint!(logout::logout, Action::Logout, Realm::Authentication),
    ]
}
