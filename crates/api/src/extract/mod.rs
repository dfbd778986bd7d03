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

pub fn query_config() -> web::QueryConfig {
    web::QueryConfig::default()
        .error_handler(|err, req| bad_parameter(req, format!("invalid query parameter: {err}")))
}
