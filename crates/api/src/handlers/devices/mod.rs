//! Devices for push notifications (2.5.3.1.68–71).

pub mod delete;
pub mod list;
pub mod register;
pub mod update;

/// The endpoints of this resource (`routes.rs` builds the route table and the OpenAPI
/// paths from them).
pub fn endpoints() -> Vec<crate::routes::Endpoint> {
    use interact_errors::{Action, Realm};
    vec![
        crate::endpoint!(register::register_device, Action::Create, Realm::Devices),
        crate::endpoint!(list::list_devices, Action::View, Realm::Devices),
        crate::endpoint!(update::update_device, Action::Edit, Realm::Devices),
        crate::endpoint!(delete::delete_device, Action::Delete, Realm::Devices),
    ]
}
