//! User administration (2.5.3.1.53–57, 2.5.3.2.2, 2.5.3.2.9–10).

pub mod assign_groups;
pub mod assign_roles;
pub mod create;
pub mod delete;
pub mod delete_many;
pub mod get;
pub mod list;
pub mod update;

use serde::Deserialize;

/// `?cmd=…` of the calls that have extended functions.
#[derive(Debug, Deserialize)]
pub struct CmdQuery {
    pub cmd: Option<String>,
}

/// The endpoints of this resource (`routes.rs` builds the route table and the OpenAPI
/// paths from them).
pub fn endpoints() -> Vec<crate::routes::Endpoint> {
    use interact_errors::{Action, Realm};
    vec![
        crate::endpoint!(
            create::create_user,
            Action::Create,
            Realm::UserAdministration
        ),
        crate::endpoint!(list::list_users, Action::View, Realm::UserAdministration),
        crate::endpoint!(
            delete_many::delete_users,
            Action::Delete,
            Realm::UserAdministration
        ),
        crate::endpoint!(get::get_user, Action::View, Realm::UserAdministration),
        crate::endpoint!(update::update_user, Action::Edit, Realm::UserAdministration),
        crate::endpoint!(
            delete::delete_user,
            Action::Delete,
            Realm::UserAdministration
        ),
        crate::endpoint!(
            assign_roles::assign_roles,
            Action::Edit,
            Realm::RoleAdministration
        ),
        crate::endpoint!(
            assign_groups::assign_groups,
            Action::Edit,
            Realm::GroupAdministration
        ),
    ]
}
