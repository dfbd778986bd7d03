//! Deals (2.5.3.1.46–52).

pub mod create;
pub mod delete;
pub mod delete_many;
pub mod get;
pub mod list;
pub mod of_contact;
pub mod update;

/// The endpoints of this resource (`routes.rs` builds the route table and the OpenAPI
/// paths from them).
pub fn endpoints() -> Vec<crate::routes::Endpoint> {
    use interact_errors::{Action, Realm};
    vec![
        crate::endpoint!(create::create_deal, Action::Create, Realm::Deals),
        crate::endpoint!(list::list_deals, Action::View, Realm::Deals),
        crate::endpoint!(delete_many::delete_deals, Action::Delete, Realm::Deals),
        crate::endpoint!(get::get_deal, Action::View, Realm::Deals).alias("/v2/deal/{id}"),
        crate::endpoint!(update::update_deal, Action::Edit, Realm::Deals).alias("/v2/deal/{id}"),
        crate::endpoint!(delete::delete_deal, Action::Delete, Realm::Deals).alias("/v2/deal/{id}"),
        crate::endpoint!(of_contact::contact_deals, Action::View, Realm::ContactDeals),
    ]
}
