//! `GET /v2/deals/:id` (and the document's `/v2/deal/:id`): read a deal.

use actix_web::{web, HttpResponse};
use interact_domain::records::Deal;
use interact_domain::ErrorBody;
use interact_errors::Error;
use interact_service::{deals, Ctx};

use crate::extract::{Auth, Id};
use crate::respond;

/// Read a deal (2.5.3.1.49).
#[utoipa::path(get, path = "/v2/deals/{id}", tag = "deals",
    params(
        ("id" = i64, Path, description = "deal id"),
        ("callback" = Option<String>, Query, description = "JSONP callback"),
    ),
    responses(
        (status = 200, body = Deal),
        (status = 400, description = "id not an integer", body = ErrorBody),
        (status = 401, body = ErrorBody),
        (status = 404, description = "no such deal of the caller", body = ErrorBody),
    ),
    security(("authToken" = []), ("bearer" = [])))]
pub async fn get_deal(ctx: web::Data<Ctx>, auth: Auth, id: Id) -> Result<HttpResponse, Error> {
    Ok(respond::ok(deals::get(&ctx, &auth, id.into_inner()).await?))
}
