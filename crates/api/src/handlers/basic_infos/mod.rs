//! BasicInfos on their own (2.5.3.1.32, 2.5.3.1.33).

pub mod create;
pub mod update;

/// The endpoints of this resource (`routes.rs` builds the route table and the OpenAPI
/// paths from them).
pub fn endpoints() -> Vec<crate::routes::Endpoint> {
    use interact_errors::{Action, Realm};
    vec![
        crate::endpoint!(create::create_basic_info, Action::Create, Realm::BasicInfos),
        crate::endpoint!(update::update_basic_info, Action::Edit, Realm::BasicInfos),
    ]
}
