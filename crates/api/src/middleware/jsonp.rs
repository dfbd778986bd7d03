//! JSONP (2.2): a GET with `callback=NAME` is answered `/**/NAME(<json>);` as
//! `application/javascript` with `X-Content-Type-Options: nosniff`. The status is kept, so a
//! script loader sees errors as errors; the envelope inside carries the code either way.

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::{header, Method};
use actix_web::middleware::Next;
use actix_web::{web, HttpResponse, ResponseError};
use futures_util::StreamExt;
use interact_errors::{Detail, Error, Exception};

pub const MAX_CALLBACK: usize = 128;

/// `valid_callback` as a regular expression, for the OpenAPI document.
pub const CALLBACK_PATTERN: &str = r"^[A-Za-z_$][A-Za-z0-9_$]*(\.[A-Za-z_$][A-Za-z0-9_$]*)*$";

type BoxError = Box<dyn std::error::Error>;

/// Whether `name` is a safe JavaScript callback: dotted identifiers, at most 128 characters.
pub fn valid_callback(name: &str) -> bool {
    if name.is_empty() || name.len() > MAX_CALLBACK {
        return false;
    }
    name.split('.').all(|part| {
        let mut chars = part.chars();
        match chars.next() {
            Some(c) if c.is_ascii_alphabetic() || c == '_' || c == '$' => {}
            _ => return false,
        }
        chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '$')
    })
}

fn callback_of(req: &ServiceRequest) -> Option<String> {
    let pairs = web::Query::<Vec<(String, String)>>::from_query(req.query_string()).ok()?;
    pairs
        .into_inner()
        .into_iter()
        .find(|(k, _)| k == "callback")
        .map(|(_, v)| v)
}

pub async fn jsonp(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    if req.method() != Method::GET {
        return next.call(req).await.map(|r| r.map_into_boxed_body());
    }
    let Some(callback) = callback_of(&req) else {
        return next.call(req).await.map(|r| r.map_into_boxed_body());
    };
    if !valid_callback(&callback) {
        let (action, realm) = crate::routes::RouteTable::of_request(&req);
        let err = Error::new(
            Exception::InvalidData,
            action,
            realm,
            Detail::InvalidParameter,
            "callback must be a JavaScript identifier path (letters, digits, _, $ and dots) \
             of at most 128 characters",
        );
        return Ok(req.into_response(err.error_response()));
    }
    let res = next.call(req).await?;
    let is_json = res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"));
    if !is_json {
        return Ok(res.map_into_boxed_body());
    }
    let (req, res) = res.into_parts();
    let status = res.status();
    let mut keep = res.headers().clone();
    // The wrapped answer streams as it comes (a canvass list may be of any length), so the
    // callback costs no more memory than the answer itself.
    let mut inner = Box::pin(res.into_body());
    let inner = futures_util::stream::poll_fn(move |cx| {
        inner
            .as_mut()
            .poll_next(cx)
            .map(|item| item.map(|chunk| chunk.map_err(Into::into)))
    });
    let prefix = web::Bytes::from(format!("/**/{callback}("));
    let body = futures_util::stream::once(async move { Ok::<_, BoxError>(prefix) })
        .chain(inner)
        .chain(futures_util::stream::once(async {
            Ok(web::Bytes::from_static(b");"))
        }));
    keep.remove(header::CONTENT_TYPE);
    keep.remove(header::CONTENT_LENGTH);
    let mut new = HttpResponse::build(status);
    for (name, value) in keep.iter() {
        new.append_header((name.clone(), value.clone()));
    }
    let new = new
        .insert_header((
            header::CONTENT_TYPE,
            "application/javascript; charset=utf-8",
        ))
        .insert_header((header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .streaming(body);
    Ok(ServiceResponse::new(req, new))
}

#[cfg(test)]
mod tests {
    use super::valid_callback;

    #[test]
    fn callbacks() {
        for ok in [
            "cb",
            "jsonpcallback",
            "$",
            "_a1",
            "jQuery123_456",
            "a.b.c",
            "$.x",
        ] {
            assert!(valid_callback(ok), "{ok}");
        }
        for bad in ["", "1a", "a-b", "a..b", "a.", "alert(1)", "a b", "a;b", "é"] {
            assert!(!valid_callback(bad), "{bad}");
        }
        assert!(valid_callback(&"a".repeat(128)));
        assert!(!valid_callback(&"a".repeat(129)));
    }

    /// The pattern the OpenAPI document gives for `callback` says what `valid_callback` does.
    #[test]
    fn the_documented_pattern_agrees() {
        let re = regex::Regex::new(super::CALLBACK_PATTERN).unwrap();
        for name in [
            "cb", "$", "_a1", "a.b.c", "$.x", "", "1a", "a-b", "a..b", "a.", "alert(1)", "a b",
            "é", ".a",
        ] {
            assert_eq!(re.is_match(name), valid_callback(name), "{name:?}");
        }
    }
}
