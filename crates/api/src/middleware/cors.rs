//! CORS for the configured origins (DESIGN.md): the headers the clients send and the ones they
//! must be able to read.

use actix_cors::Cors;
use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderName, HeaderValue};
use actix_web::http::Method;
use actix_web::middleware::Next;

/// The request headers a cross-origin caller may send: the tokens, the canvass etag, and
/// `X-Requested-With`, which jQuery and many portals add to every call.
pub const ALLOWED_HEADERS: &[&str] = &[
    "authtoken",
    "triggertoken",
    "etag",
    "if-match",
    "authorization",
    "content-type",
    "x-requested-with",
];

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
        .allowed_headers(ALLOWED_HEADERS.iter().map(|h| HeaderName::from_static(h)))
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

/// Runs outside [`cors`]: a preflight that asks for headers the server does not allow is
/// answered like one that asked only for the allowed ones, so the answer lists the allowed
/// headers without the others and the browser refuses the call itself (actix-cors would
/// answer 400, which browsers report as a failed preflight with no hint of the header).
pub async fn preflight_headers(
    mut req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    if req.method() == Method::OPTIONS
        && req.headers().contains_key(header::ORIGIN)
        && req
            .headers()
            .contains_key(header::ACCESS_CONTROL_REQUEST_METHOD)
    {
        let requested = req
            .headers()
            .get(header::ACCESS_CONTROL_REQUEST_HEADERS)
            .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned());
        if let Some(requested) = requested {
            let allowed: Vec<String> = requested
                .split(',')
                .map(|h| h.trim().to_ascii_lowercase())
                .filter(|h| ALLOWED_HEADERS.contains(&h.as_str()))
                .collect();
            let headers = req.headers_mut();
            match HeaderValue::from_str(&allowed.join(", ")) {
                Ok(v) if !allowed.is_empty() => {
                    headers.insert(header::ACCESS_CONTROL_REQUEST_HEADERS, v);
                }
                _ => {
                    headers.remove(header::ACCESS_CONTROL_REQUEST_HEADERS);
                }
            }
        }
    }
    next.call(req).await
}
