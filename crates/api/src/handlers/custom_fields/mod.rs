//! Custom field administration (2.5.3.1.72–76).

pub mod create;
pub mod delete_many;
pub mod get;
pub mod list;
pub mod update;

/// The endpoints of this resource (`routes.rs` builds the route table and the OpenAPI
/// paths from them).
pub fn endpoints() -> Vec<crate::routes::Endpoint> {
    use interact_errors::{Action, Realm};
    vec![
        crate::endpoint!(
            create::create_custom_field,
            Action::Create,
            Realm::CustomFieldAdministration
        )
        .alias("/v2/customFields"),
        crate::endpoint!(
            list::list_custom_fields,
            Action::View,
            Realm::CustomFieldAdministration
        )
        .alias("/v2/customFields"),
        crate::endpoint!(
            delete_many::delete_custom_fields,
            Action::Delete,
            Realm::CustomFieldAdministration
        )
        .alias("/v2/customFields"),
        crate::endpoint!(
            get::get_custom_field,
            Action::View,
            Realm::CustomFieldAdministration
        ),
        crate::endpoint!(
            update::update_custom_field,
            Action::Edit,
            Realm::CustomFieldAdministration
        ),
    ]
}
