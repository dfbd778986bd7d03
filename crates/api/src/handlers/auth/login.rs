use actix_web::HttpRequest;
use interact_domain::auth::{LoginRequest, LoginResponse};
use interact_domain::ErrorBody;
use interact_service::auth;

use crate::extract::{client_addr, App, Json};
use crate::respond::{self, Reply};

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
