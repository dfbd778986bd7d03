//! The authenticated caller. The token comes in the `authToken` header, as
//! `Authorization: Bearer <token>`, or (GET only, for JSONP and websockets) as the `authToken`
//! query parameter.

use actix_web::dev::Payload;
use actix_web::http::{header, Method};
use actix_web::{web, FromRequest, HttpMessage, HttpRequest};
use futures_util::future::LocalBoxFuture;
use interact_errors::Error;
use interact_service::auth::Principal;
use interact_service::Ctx;

/// The token's expiry after this request renewed it, for the `X-Token-Expires` header.
#[derive(Debug, Clone, Copy)]
pub struct TokenExpires(pub i64);

pub struct Auth(pub Principal);

impl std::ops::Deref for Auth {
    type Target = Principal;
    fn deref(&self) -> &Principal {
        &self.0
    }
}

/// The token a request carries, if any (a request whose credentials disagree carries none).
pub fn token_of(req: &HttpRequest) -> Option<String> {
    credentials(req).ok().flatten()
}

/// The token a request carries. An `Authorization` header that is present must be
/// `Bearer <token>`, and beside an `authToken` header it must carry the same token: a request
/// with a credential that is wrong is refused (401) even when another one is right.
pub fn credentials(req: &HttpRequest) -> Result<Option<String>, &'static str> {
    let headers = req.headers();
    let mut header_token = None;
    if let Some(v) = headers.get("authToken") {
        let v = v
            .to_str()
            .map_err(|_| "authToken header is not visible ASCII")?;
        let v = v.trim();
        // The document's examples write the header as `authToken=…`; accept that form too.
        let v = v.strip_prefix("authToken=").unwrap_or(v);
        if !v.is_empty() {
            header_token = Some(v.to_string());
        }
    }
    if let Some(v) = headers.get(header::AUTHORIZATION) {
        let v = v
            .to_str()
            .map_err(|_| "Authorization header is not visible ASCII")?;
        let mut parts = v.trim().splitn(2, ' ');
        let bearer = match (parts.next(), parts.next()) {
            (Some(scheme), Some(token))
                if scheme.eq_ignore_ascii_case("bearer") && !token.trim().is_empty() =>
            {
                token.trim().to_string()
            }
            _ => return Err("Authorization header is not `Bearer <token>`"),
        };
        return match header_token {
            Some(t) if t != bearer => {
                Err("authToken and Authorization headers carry different tokens")
            }
            _ => Ok(Some(bearer)),
        };
    }
    if header_token.is_some() {
        return Ok(header_token);
    }
    if req.method() == Method::GET {
        let Ok(query) =
            web::Query::<std::collections::HashMap<String, String>>::from_query(req.query_string())
        else {
            return Ok(None);
        };
        if let Some(t) = query.get("authToken").filter(|t| !t.is_empty()) {
            return Ok(Some(t.clone()));
        }
    }
    Ok(None)
}

/// The client's address, for throttling: the peer, or with `trust_proxy` the address the
/// proxy reports (`Forwarded` / `X-Forwarded-For`).
pub fn client_addr(req: &HttpRequest) -> Option<String> {
    let trust = req
        .app_data::<web::Data<crate::HttpSettings>>()
        .is_some_and(|s| s.trust_proxy);
    if trust {
        if let Some(a) = req.connection_info().realip_remote_addr() {
            return Some(
                a.parse::<std::net::SocketAddr>()
                    .map(|s| s.ip().to_string())
                    .unwrap_or_else(|_| a.to_string()),
            );
        }
    }
    req.peer_addr().map(|a| a.ip().to_string())
}

impl Auth {
    /// Authenticates a request whose handler needs a token only for some of its commands.
    pub async fn from_http(req: &HttpRequest) -> Result<Auth, Error> {
        Self::extract(req).await
    }
}

impl FromRequest for Auth {
    type Error = Error;
    type Future = LocalBoxFuture<'static, Result<Self, Error>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let req = req.clone();
        Box::pin(async move {
            let (action, realm) = crate::routes::context(&req);
            let ctx = req
                .app_data::<web::Data<Ctx>>()
                .cloned()
                .ok_or_else(|| Error::internal(anyhow::anyhow!("no Ctx in app data")))?;
            let token = credentials(&req)
                .map_err(|msg| Error::unauthorized(msg).in_context(action, realm))?
                .ok_or_else(|| {
                    Error::unauthorized("authToken header is required").in_context(action, realm)
                })?;
            let principal = interact_service::auth::authenticate(&ctx, &token)
                .await
                .map_err(|e| e.in_context(action, realm))?;
            req.extensions_mut().insert(TokenExpires(principal.expires));
            Ok(Auth(principal))
        })
    }
}
