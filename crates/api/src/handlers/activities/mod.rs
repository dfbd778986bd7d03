//! Activities (2.5.3.1.1).

pub mod list;

/// The endpoints of this resource (`routes.rs` builds the route table and the OpenAPI
/// paths from them).
pub fn endpoints() -> Vec<crate::routes::Endpoint> {
    use interact_errors::{Action, Realm};
    vec![crate::endpoint!(
        list::list_activities,
        Action::View,
        Realm::Activities
    )]
}
