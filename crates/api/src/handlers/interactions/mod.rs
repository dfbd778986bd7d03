//! Interact.io interactions (2.5.2.1 trigger event, 2.5.3.1.28–31); the canvass resource on
//! the same path is in `handlers::canvass` (see `canvass::dispatch`).

pub mod contact;
pub mod get;
pub mod list;
pub mod trigger;
pub mod update;

/// The endpoints of this resource (`routes.rs` builds the route table and the OpenAPI
/// paths from them).
pub fn endpoints() -> Vec<crate::routes::Endpoint> {
    use interact_errors::{Action, Realm};
    vec![
        crate::endpoint!(
            list::list_crm_interactions,
            Action::View,
            Realm::Interactions
        ),
        crate::endpoint!(trigger::trigger_event, Action::Create, Realm::Interactions),
        crate::endpoint!(get::get_crm_interaction, Action::View, Realm::Interactions)
            .guard(crate::handlers::canvass::dispatch::is_integer_id),
        crate::endpoint!(
            update::update_crm_interaction,
            Action::Edit,
            Realm::Interactions
        ),
        crate::endpoint!(
            contact::contact_interactions,
            Action::View,
            Realm::ContactInteractions
        ),
    ]
}
