//! `GET /v2/deals`: the caller's deals.

use actix_web::{web, HttpResponse};
use interact_domain::records::Deal;
use interact_domain::ErrorBody;
use interact_errors::Error;
use interact_service::{deals, Ctx};

use crate::extract::Auth;
use crate::respond;

/// Read the caller's deals (2.5.3.1.47), by id.
#[utoipa::path(get, path = "/v2/deals", tag = "deals",
    params(("callback" = Option<String>, Query, description = "JSONP callback")),
    responses(
        (status = 200, body = Vec<Deal>),
        (status = 401, body = ErrorBody),
    ),
    security(("authToken" = []), ("bearer" = [])))]
pub async fn list_deals(ctx: web::Data<Ctx>, auth: Auth) -> Result<HttpResponse, Error> {
    Ok(respond::ok(deals::list(&ctx, &auth).await?))
}
