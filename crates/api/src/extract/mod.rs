//! Extractors: the JSON body with field-naming errors, the authenticated user, and the
//! configuration that turns bad path and query parameters into the documented envelope.

mod auth;
mod id;
mod ids;
mod json;
mod objects;
mod paging;

pub use auth::{client_addr, token_of, Auth, TokenExpires};
pub use id::{Id, InteractionId};
pub use ids::Ids;
pub(crate) use json::{as_integer, integral};
pub use json::{Json, UploadBody};
pub(crate) use objects::Objects;
pub use paging::Paging;

/// `?cmd=…` of the calls that have extended functions.
#[derive(Debug, serde::Deserialize)]
pub struct CmdQuery {
    pub cmd: Option<String>,
}

/// The service context every handler is given (`ctx: App`, passed on as `&ctx`).
pub type App = actix_web::web::Data<interact_service::Ctx>;

use actix_web::{web, HttpRequest};
use interact_errors::{Detail, Error, Exception};

fn bad_parameter(req: &HttpRequest, devmsg: String) -> actix_web::Error {
    let (action, realm) = crate::routes::context(req);
    Error::new(
        Exception::InvalidData,
        action,
        realm,
        Detail::InvalidParameter,
        devmsg,
    )
    .into()
}

pub fn path_config() -> web::PathConfig {
    web::PathConfig::default()
        .error_handler(|err, req| bad_parameter(req, format!("invalid path parameter: {err}")))
}

/// An integer query parameter, read like a path id (`interact_domain::numbers::decimal`:
/// decimal digits without sign or leading zero; not `+7`, `07` or `7.0`), for
/// `#[serde(default, deserialize_with = "query_integer")]` on an `Option<i64>` of a query
/// struct.
pub fn query_integer<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
    let text = <Option<String> as serde::Deserialize>::deserialize(d)?;
    text.map(|t| {
        interact_domain::numbers::decimal(&t)
            .ok_or_else(|| serde::de::Error::custom(format!("{t:?} is not an integer")))
    })
    .transpose()
}

pub fn query_config() -> web::QueryConfig {
    web::QueryConfig::default()
        .error_handler(|err, req| bad_parameter(req, format!("invalid query parameter: {err}")))
}
