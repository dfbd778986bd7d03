//! `GET /v2/tags`: every tag of the caller's contacts.

use actix_web::{web, HttpResponse};
use interact_domain::ErrorBody;
use interact_errors::Error;
use interact_service::{contacts, Ctx};

use crate::extract::Auth;
use crate::respond;

/// Retrieve every tag the caller's contacts carry, once, sorted (2.5.3.1.26).
#[utoipa::path(get, path = "/v2/tags", tag = "contacts",
    params(("callback" = Option<String>, Query, description = "JSONP callback")),
    responses(
        (status = 200, body = Vec<String>),
        (status = 401, body = ErrorBody),
    ),
    security(("authToken" = []), ("bearer" = [])))]
pub async fn list_tags(ctx: web::Data<Ctx>, auth: Auth) -> Result<HttpResponse, Error> {
    Ok(respond::ok(contacts::all_tags(&ctx, &auth).await?))
}
