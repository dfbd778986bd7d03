//! `?ids=1,3,45` of a `DELETE` of several entities, parsed by the one rule
//! (`interact_service::ids::parse`) with the realm of the endpoint it was routed to.

use actix_web::dev::Payload;
use actix_web::{web, FromRequest, HttpRequest};
use futures_util::future::{ready, Ready};
use serde::Deserialize;

#[derive(Deserialize)]
struct IdsQuery {
    ids: Option<String>,
}

/// The ids named by `?ids=`, in order, each once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ids(pub Vec<i64>);

impl FromRequest for Ids {
    type Error = actix_web::Error;
    type Future = Ready<Result<Self, actix_web::Error>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(
            match web::Query::<IdsQuery>::from_query(req.query_string()) {
                // The same answer as any other malformed query (`query_config`).
                Err(e) => Err(super::bad_parameter(
                    req,
                    format!("invalid query parameter: {e}"),
                )),
                Ok(q) => {
                    let (_, realm) = crate::routes::context(req);
                    interact_service::ids::parse(q.ids.as_deref(), realm)
                        .map(Ids)
                        .map_err(Into::into)
                }
            },
        )
    }
}
