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
