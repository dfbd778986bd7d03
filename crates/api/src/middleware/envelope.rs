//! Turns every error answer that is not yet in the documented envelope (actix's own 404, 405,
//! 413, CORS refusals …) into `{"code","error","devmsg"}`, keeping its CORS and Allow headers.

use actix_web::dev::ServiceResponse;
use actix_web::http::{header, StatusCode};
use actix_web::middleware::{ErrorHandlerResponse, ErrorHandlers};
use actix_web::ResponseError;
use interact_errors::{Action, Detail, Enveloped, Error, Exception};

pub fn error_envelopes<B: 'static>() -> ErrorHandlers<B> {
    ErrorHandlers::new().default_handler(envelope)
}

fn envelope<B>(res: ServiceResponse<B>) -> actix_web::Result<ErrorHandlerResponse<B>> {
    if res.response().extensions().get::<Enveloped>().is_some() {
        // An error no layer tagged answers the action and realm of its endpoint, not the
        // placeholders of the helper that made it (docs/errors.md).
        let untagged = res
            .response()
            .error()
            .and_then(|e| e.as_error::<Error>())
            .filter(|e| !e.is_tagged());
        if let Some(e) = untagged {
            let (action, realm) = crate::routes::context(res.request());
            let mut tagged = Error::new(e.exception, action, realm, e.detail, e.devmsg.clone())
                .with_status(e.status());
            if let Some(secs) = e.retry_after() {
                tagged = tagged.with_retry_after(secs);
            }
            let mut new = tagged.envelope();
            for (name, value) in res.response().headers() {
                if name != header::CONTENT_TYPE && name != header::CONTENT_LENGTH {
                    new.headers_mut().insert(name.clone(), value.clone());
                }
            }
            let (req, _) = res.into_parts();
            return Ok(ErrorHandlerResponse::Response(
                ServiceResponse::new(req, new).map_into_right_body(),
            ));
        }
        return Ok(ErrorHandlerResponse::Response(res.map_into_left_body()));
    }
    let status = res.status();
    let (req, old) = res.into_parts();
    let origin = req
        .headers()
        .get(header::ORIGIN)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    let (action, realm) = crate::routes::context(&req);
    let mut err = for_status(status, req.method().as_str(), req.path()).in_context(action, realm);
    if let (Some(origin), StatusCode::BAD_REQUEST) = (origin, status) {
        // Only the CORS middleware answers 400 without an envelope.
        err.devmsg = format!(
            "cross-origin request refused: origin {origin:?}, method or headers are not allowed"
        );
    }
    let mut new = err.error_response();
    for (name, value) in old.headers() {
        let keep = name.as_str().starts_with("access-control-")
            || name == header::ALLOW
            || name == header::VARY;
        if keep {
            new.headers_mut().insert(name.clone(), value.clone());
        }
    }
    Ok(ErrorHandlerResponse::Response(
        ServiceResponse::new(req, new).map_into_right_body(),
    ))
}

/// The envelope for an answer that arrived without one.
pub fn for_status(status: StatusCode, method: &str, path: &str) -> Error {
    let e = |ex, detail, msg: String| {
        Error::new(
            ex,
            Action::View,
            interact_errors::Realm::General,
            detail,
            msg,
        )
        .with_status(status.as_u16())
    };
    match status {
        StatusCode::NOT_FOUND => e(
            Exception::NotFound,
            Detail::NotFound,
            format!("no resource at {path}"),
        ),
        StatusCode::METHOD_NOT_ALLOWED => e(
            Exception::BadRequest,
            Detail::InvalidParameter,
            format!("method {method} is not allowed on {path}"),
        ),
        StatusCode::PAYLOAD_TOO_LARGE => e(
            Exception::InvalidData,
            Detail::TooLong,
            "request body is too large".into(),
        ),
        StatusCode::UNSUPPORTED_MEDIA_TYPE => e(
            Exception::InvalidData,
            Detail::MalformedBody,
            "content type is not supported: send application/json".into(),
        ),
        StatusCode::UNAUTHORIZED => e(
            Exception::Authentication,
            Detail::BadCredentials,
            "authentication required".into(),
        ),
        StatusCode::FORBIDDEN => e(
            Exception::Permission,
            Detail::RoleDenied,
            "request not permitted".into(),
        ),
        s if s.is_client_error() => e(
            Exception::BadRequest,
            Detail::InvalidValue,
            format!("bad request: {}", s.canonical_reason().unwrap_or("refused")),
        ),
        _ => e(
            Exception::Internal,
            Detail::Unexpected,
            "internal server error".into(),
        ),
    }
}
