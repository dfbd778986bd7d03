//! `GET /v2/openapi.json`: the OpenAPI 3 document generated from the handlers.

use actix_web::HttpResponse;
use utoipa::OpenApi;

use crate::openapi::ApiDoc;

pub async fn openapi_json() -> HttpResponse {
    HttpResponse::Ok().json(ApiDoc::openapi())
}
