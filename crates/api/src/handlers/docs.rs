//! `GET /v2/docs/`: a readable, searchable reference of `/v2/openapi.json` (Swagger UI, with
//! its filter box). Its files are inside the binary (`utoipa-swagger-ui`'s vendored copy):
//! the page works offline and loads nothing from elsewhere.

use std::sync::{Arc, OnceLock};

use actix_web::http::header;
use actix_web::{web, HttpResponse, ResponseError};
use interact_errors::{Action, Error, Exception, Realm};
use utoipa_swagger_ui::Config;

fn config() -> Arc<Config<'static>> {
    static CONFIG: OnceLock<Arc<Config<'static>>> = OnceLock::new();
    CONFIG
        .get_or_init(|| {
            Arc::new(
                Config::from("/v2/openapi.json")
                    .filter(true)
                    .display_operation_id(true)
                    .deep_linking(true),
            )
        })
        .clone()
}

/// `/v2/docs` → `/v2/docs/`, where the page's relative links resolve.
pub async fn docs_root() -> HttpResponse {
    HttpResponse::MovedPermanently()
        .insert_header((header::LOCATION, "/v2/docs/"))
        .finish()
}

/// The page and its files.
pub async fn docs_file(tail: web::Path<String>) -> HttpResponse {
    let tail = tail.into_inner();
    let name = if tail.is_empty() { "index.html" } else { &tail };
    match utoipa_swagger_ui::serve(name, config()) {
        Ok(Some(file)) => HttpResponse::Ok()
            .content_type(file.content_type)
            .body(file.bytes.into_owned()),
        Ok(None) => Error::not_found(Exception::NotFound, format!("no file {name:?} in /v2/docs"))
            .error_response(),
        Err(e) => Error::internal(anyhow::anyhow!("API reference page: {e}")).error_response(),
    }
}

/// The reference page is not part of the API it documents.
pub fn endpoints() -> Vec<crate::routes::Endpoint> {
    use crate::routes::Endpoint;
    use actix_web::http::Method;
    vec![
        Endpoint::hidden(
            Method::GET,
            "/v2/docs",
            docs_root,
            Action::View,
            Realm::General,
        ),
        Endpoint::hidden(
            Method::GET,
            "/v2/docs/{tail:.*}",
            docs_file,
            Action::View,
            Realm::General,
        ),
    ]
}
