//! `GET /v2/openapi.json`: the OpenAPI 3 document generated from the endpoint declarations.

use actix_web::HttpResponse;
use interact_errors::{Action, Realm};

pub async fn openapi_json() -> HttpResponse {
    HttpResponse::Ok()
        .content_type("application/json")
        .body(crate::openapi::json())
}

/// The document does not describe itself.
pub fn endpoints() -> Vec<crate::routes::Endpoint> {
    use crate::routes::Endpoint;
    use actix_web::http::Method;
    vec![Endpoint::hidden(
        Method::GET,
        "/v2/openapi.json",
        openapi_json,
        Action::View,
        Realm::General,
    )]
}
