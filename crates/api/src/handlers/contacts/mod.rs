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
        let (action, realm) = crate::context::of(req.method(), req.path());
        Error::new(
            Exception::InvalidData,
            action,
            realm,
            Detail::InvalidParameter,
            msg,
        )
    })
}
