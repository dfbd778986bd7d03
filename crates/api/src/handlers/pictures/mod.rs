//! Contact pictures (2.5.3.1.12–17) and their bytes.

pub mod create;
pub mod delete;
pub mod delete_many;
pub mod get;
pub mod of_contact;
pub mod raw;
pub mod update;

/// The endpoints of this resource (`routes.rs` builds the route table and the OpenAPI
/// paths from them).
pub fn endpoints() -> Vec<crate::routes::Endpoint> {
    use interact_errors::{Action, Realm};
    vec![
        crate::endpoint!(create::create_picture, Action::Create, Realm::Contacts).upload(),
        crate::endpoint!(
            delete_many::delete_pictures,
            Action::Delete,
            Realm::Contacts
        ),
        crate::endpoint!(get::get_picture, Action::View, Realm::Contacts),
        crate::endpoint!(update::update_picture, Action::Edit, Realm::Contacts).upload(),
        crate::endpoint!(delete::delete_picture, Action::Delete, Realm::Contacts),
        crate::endpoint!(raw::picture_raw, Action::View, Realm::Contacts),
        crate::endpoint!(of_contact::contact_pictures, Action::View, Realm::Contacts),
    ]
}
