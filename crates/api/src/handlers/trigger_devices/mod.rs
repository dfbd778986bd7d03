//! Trigger devices (2.5.2.2–3).

pub mod list;
pub mod register;

/// The endpoints of this resource (`routes.rs` builds the route table and the OpenAPI
/// paths from them).
pub fn endpoints() -> Vec<crate::routes::Endpoint> {
    use interact_errors::{Action, Realm};
    vec![
        crate::endpoint!(
            register::register_trigger_device,
            Action::Create,
            Realm::TriggerDevices
        ),
        crate::endpoint!(
            list::list_trigger_devices,
            Action::View,
            Realm::TriggerDevices
        ),
    ]
}
