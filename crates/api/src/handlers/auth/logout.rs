use actix_web::{web, HttpRequest, HttpResponse};
use interact_domain::auth::LogoutRequest;
use interact_domain::{ErrorBody, Success};
use interact_errors::Error;
use interact_service::{auth, Ctx};

use crate::extract::{token_of, Json};
use crate::respond;

/// Logout and invalidate the authentication token (2.5.1.2). The token is the body's
/// `authToken`; without one, the token the request is authenticated with.
#[utoipa::path(post, path = "/v2/logout", tag = "authentication",
    request_body = LogoutRequest,
    responses(
        (status = 200, body = Success),
        (status = 400, body = ErrorBody),
        (status = 401, description = "unknown, expired or logged-out token", body = ErrorBody),
    ))]
pub async fn logout(
    ctx: web::Data<Ctx>,
    req: HttpRequest,
    body: Json<LogoutRequest>,
) -> Result<HttpResponse, Error> {
    let token = body.into_inner().auth_token.or_else(|| token_of(&req));
    auth::logout(&ctx, token).await?;
    Ok(respond::success())
}
