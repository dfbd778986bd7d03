//! Contacts (2.5.3.1.2–2.5.3.1.11, 2.5.3.1.24, .25, .27).

pub mod create;
pub mod delete;
pub mod delete_many;
pub mod get;
pub mod list;
pub mod merge;
pub mod profiles;
pub mod related;
pub mod search_terms;
pub mod share;
pub mod tags;
pub mod update;

use actix_web::HttpRequest;
use interact_domain::contacts::Projection;
use interact_errors::{Detail, Error, Exception};
use serde::Deserialize;

/// The query parameters of the contact endpoints (others, such as `offset`, `limit`,
/// `callback` and `authToken`, are read by their own extractors).
#[derive(Debug, Default, Deserialize)]
pub struct ContactQuery {
    pub projection: Option<String>,
    pub q: Option<String>,
    pub ids: Option<String>,
}

/// Reads `projection`; an unknown one is a 400 naming the parameter.
pub fn projection(req: &HttpRequest, query: &ContactQuery) -> Result<Projection, Error> {
    Projection::parse(query.projection.as_deref()).map_err(|msg| {
        let (action, realm) = crate::routes::context(req);
        Error::new(
            Exception::InvalidData,
            action,
            realm,
            Detail::InvalidParameter,
            msg,
        )
    })
}

/// The endpoints of this resource (`routes.rs` builds the route table and the OpenAPI
/// paths from them).
pub fn endpoints() -> Vec<crate::routes::Endpoint> {
    use interact_errors::{Action, Realm};
    vec![
        crate::endpoint!(create::create_contact, Action::Create, Realm::Contacts),
        crate::endpoint!(list::list_contacts, Action::View, Realm::Contacts),
        crate::endpoint!(
            delete_many::delete_contacts,
            Action::Delete,
            Realm::Contacts
        ),
        crate::endpoint!(merge::merge_contacts, Action::Merge, Realm::Contacts),
        crate::endpoint!(get::get_contact, Action::View, Realm::Contacts),
        crate::endpoint!(update::update_contact, Action::Edit, Realm::Contacts),
        crate::endpoint!(share::share_contact, Action::Edit, Realm::Contacts).guard(share::has_cmd),
        crate::endpoint!(delete::delete_contact, Action::Delete, Realm::Contacts),
        crate::endpoint!(
            related::related_contacts,
            Action::View,
            Realm::ContactRelations
        ),
        crate::endpoint!(
            profiles::contact_profiles,
            Action::View,
            Realm::ContactProfiles
        ),
        crate::endpoint!(
            search_terms::contact_search_terms,
            Action::View,
            Realm::ContactSearchTerms
        ),
        crate::endpoint!(tags::contact_tags, Action::View, Realm::ContactTags),
    ]
}
