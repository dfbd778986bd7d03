//! A JSON body extractor whose errors name the offending field and answer in the envelope:
//! 413 past the body limit, 415 for a content type that is not JSON, 400 otherwise.

use actix_web::dev::Payload;
use actix_web::http::header;
use actix_web::{web, FromRequest, HttpRequest};
use futures_util::future::LocalBoxFuture;
use futures_util::StreamExt;
use interact_errors::{Detail, Error, Exception};
use serde::de::DeserializeOwned;

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

fn json_content_type(req: &HttpRequest) -> bool {
    match req.headers().get(header::CONTENT_TYPE) {
        None => true,
        Some(v) => {
            let Ok(s) = v.to_str() else { return false };
            let mime = s
                .split(';')
                .next()
                .unwrap_or("")
                .trim()
                .to_ascii_lowercase();
            mime.is_empty() || mime == "application/json" || mime.ends_with("+json")
        }
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
        let mut limit = req
            .app_data::<web::Data<HttpSettings>>()
            .map(|s| s.max_body)
            .unwrap_or(1024 * 1024);
        let mut hint = String::new();
        if req.app_data::<UploadBody>().is_some() {
            if let Some(ctx) = req.app_data::<web::Data<interact_service::Ctx>>() {
                let max = ctx.config.max_picture;
                limit = limit.max(interact_service::pictures::body_limit(max));
                hint = format!(": base64 may hold a picture of at most {max} bytes");
            }
        }
        if !json_content_type(req) {
            let ct = req
                .headers()
                .get(header::CONTENT_TYPE)
                .and_then(|v| v.to_str().ok())
                .unwrap_or("")
                .to_string();
            return Box::pin(async move {
                Err(err(
                    Exception::InvalidData,
                    Detail::MalformedBody,
                    format!("content type {ct:?} is not supported: send application/json"),
                )
                .with_status(415))
            });
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
            if body.iter().all(u8::is_ascii_whitespace) {
                return Err(err(
                    Exception::MissingData,
                    Detail::MissingValue,
                    "request body is required".into(),
                ));
            }
            parse(&body)
                .map(Json)
                .map_err(|(detail, msg)| err(Exception::InvalidData, detail, msg))
        })
    }
}

/// Parses a body, reporting syntax errors as malformed and shape errors with the path of the
/// field (`contact.basicInfos[2].type: unknown variant …`).
pub fn parse<T: DeserializeOwned>(body: &[u8]) -> Result<T, (Detail, String)> {
    let de = &mut serde_json::Deserializer::from_slice(body);
    match serde_path_to_error::deserialize::<_, T>(&mut *de) {
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
    fn syntax_is_malformed() {
        let (detail, _) = parse::<Body>(b"{\"name\":").unwrap_err();
        assert_eq!(detail, Detail::MalformedBody);
        assert!(parse::<Body>(b"[1,2]").is_err());
    }
}
