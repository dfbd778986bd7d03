//! A JSON body extractor whose errors name the offending field and answer in the envelope:
//! 413 past the body limit, 415 for a body that is not sent as JSON, 400 otherwise (also for
//! any string or object key holding U+0000, which PostgreSQL text cannot store).

use actix_web::dev::Payload;
use actix_web::http::header;
use actix_web::{web, FromRequest, HttpRequest};
use futures_util::future::LocalBoxFuture;
use futures_util::StreamExt;
use interact_errors::{Detail, Error, Exception};
use serde::de::DeserializeOwned;

use super::Objects;
use crate::HttpSettings;

pub struct Json<T>(pub T);

/// Route data (`web::resource(…).app_data(UploadBody)`): the route's JSON body carries a
/// base64 picture, so it may be as large as a picture of `INTERACT_MAX_PICTURE` bytes needs,
/// even past `INTERACT_MAX_BODY`; a larger body's 413 says so.
#[derive(Debug, Clone, Copy)]
pub struct UploadBody;

impl<T> Json<T> {
    pub fn into_inner(self) -> T {
        self.0
    }
}

/// How the content type lets a body be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum BodyType {
    /// `application/json`, `…+json`, or no content type at all.
    Json,
    /// `application/x-www-form-urlencoded` or `text/plain`: the CORS-simple types jQuery
    /// sends when a client sets no `contentType` (the document's own picture and share
    /// examples). Read as JSON when the body is JSON, else 415.
    JsonIfParses,
    /// Anything else: 415.
    Other,
}

fn body_type(req: &HttpRequest) -> BodyType {
    let Some(v) = req.headers().get(header::CONTENT_TYPE) else {
        return BodyType::Json;
    };
    let Ok(s) = v.to_str() else {
        return BodyType::Other;
    };
    let mime = s
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    if mime.is_empty() || mime == "application/json" || mime.ends_with("+json") {
        BodyType::Json
    } else if mime == "application/x-www-form-urlencoded" || mime == "text/plain" {
        BodyType::JsonIfParses
    } else {
        BodyType::Other
    }
}

impl<T: DeserializeOwned + 'static> FromRequest for Json<T> {
    type Error = Error;
    type Future = LocalBoxFuture<'static, Result<Self, Error>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let (action, realm) = crate::routes::context(req);
        let err = move |ex: Exception, detail: Detail, msg: String| {
            Error::new(ex, action, realm, detail, msg)
        };
        let settings = req.app_data::<web::Data<HttpSettings>>();
        let mut limit = settings.map(|s| s.max_body).unwrap_or(1024 * 1024);
        let body_timeout = settings.and_then(|s| s.body_timeout);
        let mut hint = String::new();
        if req.app_data::<UploadBody>().is_some() {
            if let Some(ctx) = req.app_data::<web::Data<interact_service::Ctx>>() {
                let max = ctx.config.max_picture;
                limit = limit.max(interact_service::pictures::body_limit(max));
                hint = format!(": base64 may hold a picture of at most {max} bytes");
            }
        }
        let body_type = body_type(req);
        let ct = req
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_string();
        let unsupported = move || {
            let msg = if body_type == BodyType::Other {
                format!("content type {ct:?} is not supported: send application/json")
            } else {
                format!("the {ct:?} body is not JSON: send JSON as application/json")
            };
            err(Exception::InvalidData, Detail::MalformedBody, msg).with_status(415)
        };
        if body_type == BodyType::Other {
            return Box::pin(async move { Err(unsupported()) });
        }
        let too_large = move || {
            err(
                Exception::InvalidData,
                Detail::TooLong,
                format!("request body is larger than {limit} bytes{hint}"),
            )
            .with_status(413)
        };
        let declared = req
            .headers()
            .get(header::CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse::<usize>().ok());
        if declared.is_some_and(|n| n > limit) {
            return Box::pin(async move { Err(too_large()) });
        }
        let mut payload = payload.take();
        Box::pin(async move {
            let mut body = web::BytesMut::new();
            let read = async {
                while let Some(chunk) = payload.next().await {
                    let chunk = chunk.map_err(|e| {
                        err(
                            Exception::InvalidData,
                            Detail::MalformedBody,
                            format!("request body could not be read: {e}"),
                        )
                    })?;
                    if body.len() + chunk.len() > limit {
                        return Err(too_large());
                    }
                    body.extend_from_slice(&chunk);
                }
                Ok(())
            };
            // A slow or silent client is cut off: the answer goes out with the body unread,
            // and actix closes the connection after it.
            match body_timeout {
                Some(t) => actix_web::rt::time::timeout(t, read).await.map_err(|_| {
                    err(
                        Exception::BadRequest,
                        Detail::MalformedBody,
                        format!("request body did not arrive within {} ms", t.as_millis()),
                    )
                    .with_status(408)
                })??,
                None => read.await?,
            }
            if body.iter().all(u8::is_ascii_whitespace) {
                return Err(err(
                    Exception::MissingData,
                    Detail::MissingValue,
                    "request body is required".into(),
                ));
            }
            if body_type == BodyType::JsonIfParses
                && serde_json::from_slice::<serde::de::IgnoredAny>(&body).is_err()
            {
                return Err(unsupported());
            }
            if let Some(path) = nul_path(&body) {
                return Err(err(
                    Exception::MissingData,
                    Detail::InvalidValue,
                    format!("{path}: text must not contain U+0000"),
                ));
            }
            parse(&body)
                .map(Json)
                .map_err(|(detail, msg)| err(Exception::InvalidData, detail, msg))
        })
    }
}

/// Parses a body, reporting syntax errors as malformed and shape errors with the path of the
/// field (`contact.basicInfos[2].type: unknown variant …`). A struct is read from an object
/// only, never from an array by position ([`Objects`]).
///
/// A number written with a fraction of zero (`49.0`) is an integer in JSON Schema 2020-12, so
/// the OpenAPI document's `integer` admits it; where serde refuses one for an integer field,
/// the body is read again with every such number (within the range of `i64`) as an integer
/// (also where an untagged enum matched no variant, which may be for the same reason).
pub fn parse<T: DeserializeOwned>(body: &[u8]) -> Result<T, (Detail, String)> {
    match parse_exact(body) {
        // An untagged enum (`assignedTo`: an id or `{"id": …}`) says only that no variant
        // matched.
        Err((Detail::InvalidValue, msg))
            if msg.contains("invalid type: floating point")
                || msg.contains("did not match any variant of untagged enum") =>
        {
            let Some(value) = serde_json::from_slice::<serde_json::Value>(body)
                .ok()
                .and_then(integral)
            else {
                return Err((Detail::InvalidValue, msg));
            };
            serde_json::to_vec(&value)
                .ok()
                .map_or(Err((Detail::InvalidValue, msg)), |body| parse_exact(&body))
        }
        other => other,
    }
}

/// A JSON number read as an integer (`interact_domain::numbers`): an integer, or a float with
/// a zero fraction (JSON Schema's `integer` admits `49.0`) of at most 2^53 in magnitude.
pub(crate) fn as_integer(v: &serde_json::Value) -> Option<i64> {
    interact_domain::numbers::integer_value(v)
}

/// The value with every number that is a float with a zero fraction (at most 2^53, see
/// [`as_integer`]) written as an integer (None when there is none, so nothing is read twice for nothing).
pub(crate) fn integral(value: serde_json::Value) -> Option<serde_json::Value> {
    fn walk(v: &mut serde_json::Value, changed: &mut bool) {
        match v {
            serde_json::Value::Number(n) if !n.is_i64() && !n.is_u64() => {
                if let Some(i) = as_integer(v) {
                    *v = serde_json::Value::from(i);
                    *changed = true;
                }
            }
            serde_json::Value::Array(items) => items.iter_mut().for_each(|i| walk(i, changed)),
            serde_json::Value::Object(map) => map.values_mut().for_each(|i| walk(i, changed)),
            _ => {}
        }
    }
    let mut value = value;
    let mut changed = false;
    walk(&mut value, &mut changed);
    changed.then_some(value)
}

fn parse_exact<T: DeserializeOwned>(body: &[u8]) -> Result<T, (Detail, String)> {
    let de = &mut serde_json::Deserializer::from_slice(body);
    match serde_path_to_error::deserialize::<_, T>(Objects(&mut *de)) {
        Ok(v) => match de.end() {
            Ok(()) => Ok(v),
            Err(e) => Err((
                Detail::MalformedBody,
                format!("request body is not valid JSON: {e}"),
            )),
        },
        Err(e) => {
            let path = e.path().to_string();
            let inner = e.into_inner();
            if inner.is_syntax() || inner.is_eof() || inner.is_io() {
                Err((
                    Detail::MalformedBody,
                    format!("request body is not valid JSON: {inner}"),
                ))
            } else if path == "." {
                Err((Detail::MalformedBody, format!("request body: {inner}")))
            } else {
                Err((Detail::InvalidValue, format!("{path}: {inner}")))
            }
        }
    }
}

/// The path of the first string or object key holding U+0000 (`contact.basicInfos[2].value`,
/// `.` for the body itself), if any. In JSON text U+0000 can only be written as the escape
/// `\u0000`, so the body is walked only when that escape occurs.
pub fn nul_path(body: &[u8]) -> Option<String> {
    if !has_nul_escape(body) {
        return None;
    }
    // A body that is not JSON is reported as such by `parse`.
    let value: serde_json::Value = serde_json::from_slice(body).ok()?;
    let mut path = String::new();
    find_nul(&value, &mut path).then(|| if path.is_empty() { ".".into() } else { path })
}

/// Whether the text holds `\u0000` as an escape (after an even run of backslashes).
fn has_nul_escape(body: &[u8]) -> bool {
    let mut backslashes = 0usize;
    for (i, &b) in body.iter().enumerate() {
        if b == b'\\' {
            backslashes += 1;
            continue;
        }
        if backslashes % 2 == 1 && b == b'u' && body[i..].starts_with(b"u0000") {
            return true;
        }
        backslashes = 0;
    }
    false
}

fn find_nul(v: &serde_json::Value, path: &mut String) -> bool {
    match v {
        serde_json::Value::String(s) => s.contains('\0'),
        serde_json::Value::Array(items) => items.iter().enumerate().any(|(i, item)| {
            let len = path.len();
            path.push_str(&format!("[{i}]"));
            let found = find_nul(item, path);
            if !found {
                path.truncate(len);
            }
            found
        }),
        serde_json::Value::Object(map) => map.iter().any(|(k, item)| {
            let len = path.len();
            if !path.is_empty() {
                path.push('.');
            }
            if k.contains('\0') {
                path.push_str(&k.replace('\0', "\\u0000"));
                path.push_str(" (a key)");
                return true;
            }
            path.push_str(k);
            let found = find_nul(item, path);
            if !found {
                path.truncate(len);
            }
            found
        }),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(serde::Deserialize, Debug)]
    #[allow(dead_code)]
    struct Body {
        name: String,
        items: Vec<Item>,
    }

    #[derive(serde::Deserialize, Debug)]
    #[allow(dead_code)]
    struct Item {
        n: i64,
    }

    #[test]
    fn names_the_field() {
        let (detail, msg) =
            parse::<Body>(br#"{"name":"x","items":[{"n":1},{"n":"2"}]}"#).unwrap_err();
        assert_eq!(detail, Detail::InvalidValue);
        assert!(msg.starts_with("items[1].n:"), "{msg}");
    }

    #[test]
    fn finds_nul() {
        assert_eq!(nul_path(br#"{"a":"x\\u0000"}"#), None);
        assert_eq!(nul_path(br#"{"a":"x\u00001"}"#).as_deref(), Some("a"));
        assert_eq!(
            nul_path(br#"{"c":{"b":[{"v":"ok"},{"v":"\u0000"}]}}"#).as_deref(),
            Some("c.b[1].v")
        );
        assert_eq!(nul_path(br#""\u0000""#).as_deref(), Some("."));
        assert_eq!(
            nul_path(br#"{"k\u0000":1}"#).as_deref(),
            Some("k\\u0000 (a key)")
        );
        assert_eq!(nul_path(br#"{"a":"\u00a0"}"#), None);
    }

    #[test]
    fn syntax_is_malformed() {
        let (detail, _) = parse::<Body>(b"{\"name\":").unwrap_err();
        assert_eq!(detail, Detail::MalformedBody);
        assert!(parse::<Body>(b"[1,2]").is_err());
    }
}
