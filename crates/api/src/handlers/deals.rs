//! Deals (2.5.3.1.46–52).

use interact_domain::records::{Deal, DealRequest, DealUpdateRequest};
use interact_errors::Realm;
use interact_service::deals;

crate::resource! {
    tag "deals", one "deal", realm Realm::Deals;
    /// Create a deal (2.5.3.1.46), optionally related to one of the caller's contacts.
    /// `currency` is an ISO 4217 code; `source` and `stage` are the documented enums.
    create create_deal("/v2/deals", DealRequest => Deal, deals::create,
        400 "name missing, value negative, currency not ISO 4217, unknown source or stage",
        404 "relatedTo is not a contact of the caller");
    /// Read the caller's deals (2.5.3.1.47), by id.
    list list_deals("/v2/deals" => Deal, deals::list);
    /// Delete the deals with the given ids (2.5.3.1.51): all of them, or none if any is not the
    /// caller's (404 naming it).
    delete_many delete_deals("/v2/deals", deals::delete_many);
    /// Read a deal (2.5.3.1.49).
    get get_deal("/v2/deals/{id}" => Deal, deals::get).alias("/v2/deal/{id}");
    /// Update a deal (2.5.3.1.50): fields left out keep their value, `null` clears one.
    update update_deal("/v2/deals/{id}", DealRequest as DealUpdateRequest => Deal, deals::update,
        400 "invalid value, as for create", 404 "no such deal of the caller")
        .alias("/v2/deal/{id}");
    /// Delete a deal (2.5.3.1.52); its notes go with it.
    delete delete_deal("/v2/deals/{id}", deals::delete).alias("/v2/deal/{id}");
    /// Read the deals of one of the caller's contacts (2.5.3.1.48), by id.
    of_contact contact_deals("/v2/contacts/{id}/deals" => Deal, deals::of_contact,
        Realm::ContactDeals);
}
