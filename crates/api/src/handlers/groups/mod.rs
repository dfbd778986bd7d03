//! Group administration (2.5.3.1.62–67).

pub mod create;
pub mod delete;
pub mod delete_many;
pub mod get;
pub mod update;

/// The endpoints of this resource (`routes.rs` builds the route table and the OpenAPI
/// paths from them).
pub fn endpoints() -> Vec<crate::routes::Endpoint> {
    use interact_errors::{Action, Realm};
    vec![
        crate::endpoint!(
            create::create_group,
            Action::Create,
            Realm::GroupAdministration
        ),
        crate::endpoint!(
            delete_many::delete_groups,
            Action::Delete,
            Realm::GroupAdministration
        ),
        crate::endpoint!(get::get_group, Action::View, Realm::GroupAdministration)
            .alias("/v2/admin/group/{id}"),
        crate::endpoint!(
            update::update_group,
            Action::Edit,
            Realm::GroupAdministration
        )
        .alias("/v2/admin/group/{id}"),
        crate::endpoint!(
            delete::delete_group,
            Action::Delete,
            Realm::GroupAdministration
        )
        .alias("/v2/admin/group/{id}"),
    ]
}
