//! The answer for a path no route serves.

use actix_web::{HttpRequest, HttpResponse, ResponseError};
use interact_errors::{Detail, Error, Exception};

pub async fn no_route(req: HttpRequest) -> HttpResponse {
    let (action, realm) = crate::routes::context(&req);
    Error::new(
        Exception::NotFound,
        action,
        realm,
        Detail::NotFound,
        format!("no resource at {} {}", req.method(), req.path()),
    )
    .error_response()
}
