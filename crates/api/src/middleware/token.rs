//! Sends the renewed token expiry (2.5.1.1: "the token will be renewed with every API call")
//! in `X-Token-Expires` on every authenticated answer.

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{HeaderName, HeaderValue};
use actix_web::middleware::Next;
use actix_web::HttpMessage;

use crate::extract::TokenExpires;

pub async fn expires_header(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let mut res = next.call(req).await?;
    let expires = res.request().extensions().get::<TokenExpires>().copied();
    if let Some(TokenExpires(ms)) = expires {
        if let Ok(v) = HeaderValue::from_str(&ms.to_string()) {
            res.headers_mut()
                .insert(HeaderName::from_static("x-token-expires"), v);
        }
    }
    Ok(res)
}
