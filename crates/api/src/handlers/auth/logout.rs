use actix_web::HttpRequest;
use interact_domain::auth::LogoutRequest;
use interact_domain::{ErrorBody, Success};
use interact_service::auth;

use crate::extract::{token_of, App, Json};
use crate::respond::{self, Reply};

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
