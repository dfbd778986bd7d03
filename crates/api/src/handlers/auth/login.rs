use actix_web::{web, HttpRequest, HttpResponse};
use interact_domain::auth::{LoginRequest, LoginResponse};
use interact_domain::ErrorBody;
use interact_errors::Error;
use interact_service::{auth, Ctx};

use crate::extract::{client_addr, Json};
use crate::respond;

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
pub async fn login(
    ctx: web::Data<Ctx>,
    req: HttpRequest,
    body: Json<LoginRequest>,
) -> Result<HttpResponse, Error> {
    let answer = auth::login(&ctx, body.into_inner(), client_addr(&req)).await?;
    Ok(respond::ok(answer))
}
