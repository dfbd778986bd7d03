//! Company administration (2.5.3.1.58–61, 63, 73).

pub mod create;
pub mod custom_fields;
pub mod delete_many;
pub mod get;
pub mod groups;
pub mod list;

/// The endpoints of this resource (`routes.rs` builds the route table and the OpenAPI
/// paths from them).
pub fn endpoints() -> Vec<crate::routes::Endpoint> {
    use interact_errors::{Action, Realm};
    vec![
        crate::endpoint!(
            create::create_company,
            Action::Create,
            Realm::CompanyAdministration
        )
        .alias("/v2/companies"),
        crate::endpoint!(
            list::list_companies,
            Action::View,
            Realm::CompanyAdministration
        )
        .alias("/v2/companies"),
        crate::endpoint!(
            delete_many::delete_companies,
            Action::Delete,
            Realm::CompanyAdministration
        )
        .alias("/v2/companies"),
        crate::endpoint!(get::get_company, Action::View, Realm::CompanyAdministration),
        crate::endpoint!(
            groups::company_groups,
            Action::View,
            Realm::CompanyAdministration
        ),
        crate::endpoint!(
            custom_fields::company_custom_fields,
            Action::View,
            Realm::CompanyAdministration
        )
        .alias("/v2/admin/company/{id}/customFields"),
    ]
}
