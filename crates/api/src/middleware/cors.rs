//! CORS for the configured origins (DESIGN.md): the headers the clients send and the ones they
//! must be able to read.

use actix_cors::Cors;
use actix_web::http::{header, Method};

pub fn cors(origins: &[String]) -> Cors {
    let mut cors = Cors::default()
        .allowed_methods([
            Method::GET,
            Method::PUT,
            Method::POST,
            Method::PATCH,
            Method::DELETE,
            Method::OPTIONS,
        ])
        .allowed_headers([
            header::HeaderName::from_static("authtoken"),
            header::HeaderName::from_static("triggertoken"),
            header::HeaderName::from_static("etag"),
            header::IF_MATCH,
            header::AUTHORIZATION,
            header::CONTENT_TYPE,
        ])
        .expose_headers([
            header::ETAG,
            header::HeaderName::from_static("x-token-expires"),
        ])
        .max_age(3600);
    for origin in origins {
        if origin == "*" {
            cors = cors.allow_any_origin();
        } else {
            cors = cors.allowed_origin(origin);
        }
    }
    cors
}
