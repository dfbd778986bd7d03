//! `POST /v2/deals/:id`: update a deal.

use interact_domain::records::{Deal, DealRequest};
use interact_domain::{ErrorBody, Updated};
use interact_service::deals;

use crate::extract::{App, Auth, Id, Json};
use crate::respond::{self, Reply};

/// Update a deal (2.5.3.1.50): fields left out keep their value, `null` clears one.
#[utoipa::path(post, path = "/v2/deals/{id}", tag = "deals",
    params(("id" = i64, Path, description = "deal id")),
    request_body = interact_domain::records::DealUpdateRequest,
    responses(
        (status = 200, body = Updated<Deal>),
        (status = 400, description = "invalid value, as for create", body = ErrorBody),
        (status = 401, body = ErrorBody),
        (status = 404, description = "no such deal of the caller", body = ErrorBody),
    ),
    security(("authToken" = []), ("bearer" = [])))]
pub async fn update_deal(ctx: App, auth: Auth, id: Id, body: Json<DealRequest>) -> Reply {
    Ok(respond::updated(
        deals::update(&ctx, &auth, *id, body.0).await?,
    ))
}
