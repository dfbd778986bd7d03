//! Notes (2.5.3.1.18–23).

pub mod create;
pub mod delete;
pub mod delete_many;
pub mod list;
pub mod of_contact;
pub mod update;

/// The endpoints of this resource (`routes.rs` builds the route table and the OpenAPI
/// paths from them).
pub fn endpoints() -> Vec<crate::routes::Endpoint> {
    use interact_errors::{Action, Realm};
    vec![
        crate::endpoint!(create::create_note, Action::Create, Realm::Notes),
        crate::endpoint!(list::list_notes, Action::View, Realm::Notes),
        crate::endpoint!(delete_many::delete_notes, Action::Delete, Realm::Notes),
        crate::endpoint!(update::update_note, Action::Edit, Realm::Notes),
        crate::endpoint!(delete::delete_note, Action::Delete, Realm::Notes),
        crate::endpoint!(of_contact::contact_notes, Action::View, Realm::ContactNotes),
    ]
}
