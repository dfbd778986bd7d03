//! Tasks (2.5.3.1.34–40).

pub mod create;
pub mod delete;
pub mod delete_many;
pub mod get;
pub mod list;
pub mod of_contact;
pub mod update;

use actix_web::{HttpRequest, HttpResponse};
use interact_domain::Page;
use interact_service::tasks::Listing;
use serde::Serialize;

use crate::respond;

/// The page to answer: only when the client sent `offset` or `limit`.
pub fn page_of(req: &HttpRequest, page: Page) -> Option<Page> {
    crate::handlers::companies::custom_fields::pages(req).then_some(page)
}

/// A bare array, or one page in the list envelope.
pub fn answer<T: Serialize>(list: Listing<T>) -> HttpResponse {
    match list {
        Listing::All(v) => respond::ok(v),
        Listing::Paged(p) => respond::ok(p),
    }
}

/// The endpoints of this resource (`routes.rs` builds the route table and the OpenAPI
/// paths from them).
pub fn endpoints() -> Vec<crate::routes::Endpoint> {
    use interact_errors::{Action, Realm};
    vec![
        crate::endpoint!(create::create_task, Action::Create, Realm::Tasks),
        crate::endpoint!(list::list_tasks, Action::View, Realm::Tasks),
        crate::endpoint!(delete_many::delete_tasks, Action::Delete, Realm::Tasks),
        crate::endpoint!(get::get_task, Action::View, Realm::Tasks),
        crate::endpoint!(update::update_task, Action::Edit, Realm::Tasks),
        crate::endpoint!(delete::delete_task, Action::Delete, Realm::Tasks),
        crate::endpoint!(of_contact::contact_tasks, Action::View, Realm::ContactTasks),
    ]
}
