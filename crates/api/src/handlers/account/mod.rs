//! The caller's account (2.5.3.2.11–12).

pub mod my_account;

/// The endpoints of this resource (`routes.rs` builds the route table and the OpenAPI
/// paths from them).
pub fn endpoints() -> Vec<crate::routes::Endpoint> {
    use interact_errors::{Action, Realm};
    vec![crate::endpoint!(
        my_account::my_account,
        Action::Edit,
        Realm::MyAccount
    )]
}
