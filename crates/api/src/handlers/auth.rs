//! Authentication (2.5.1).

use actix_web::HttpRequest;
use interact_domain::auth::{LoginRequest, LoginResponse, LogoutRequest};
use interact_domain::{ErrorBody, Success};
use interact_errors::{Action, Realm};
use interact_service::auth;

use crate::extract::{App, Json, client_addr, token_of};
use crate::respond::{self, Reply};

/// The endpoints of this resource (`routes.rs` builds the route table and the OpenAPI
/// paths from them).
pub fn endpoints() -> Vec<crate::routes::Endpoint> {
    vec![
        crate::endpoint!(login, Action::Login, Realm::Authentication).public(),
        crate::endpoint!(logout, Action::Logout, Realm::Authentication).public(),
    ]
}

/// Login and authenticate for further API calls (2.5.1.1). The token returned goes in the
/// `authToken` header of later calls; every call renews it.
#[utoipa::path(post, path = "/v2/login", tag = "authentication",
    request_body = LoginRequest,
    responses(
        (status = 200, body = LoginResponse),
        (status = 400, description = "missing field or unknown scope", body = ErrorBody),
        (status = 401, description = "wrong username or password, or inactive account", body = ErrorBody),
        (status = 429, description = "too many failed logins for the account or address; see Retry-After", body = ErrorBody),
    ))]
pub async fn login(ctx: App, req: HttpRequest, body: Json<LoginRequest>) -> Reply {
    let answer = auth::login(&ctx, body.0, client_addr(&req)).await?;
    Ok(respond::ok(answer))
}

/// Logout and invalidate the authentication token (2.5.1.2). The token is the body's
/// `authToken`; without one, the token the request is authenticated with.
#[utoipa::path(post, path = "/v2/logout", tag = "authentication",
    request_body = LogoutRequest,
    responses(
        (status = 200, body = Success),
        (status = 400, body = ErrorBody),
        (status = 401, description = "unknown, expired or logged-out token", body = ErrorBody),
    ))]
pub async fn logout(ctx: App, req: HttpRequest, body: Json<LogoutRequest>) -> Reply {
    let token = body.0.auth_token.or_else(|| token_of(&req));
    auth::logout(&ctx, token).await?;
    Ok(respond::success())
}
