//! `GET /v2/deals/:id` (and the document's `/v2/deal/:id`): read a deal.

use interact_domain::records::Deal;
use interact_domain::ErrorBody;
use interact_service::deals;

use crate::extract::{App, Auth, Id};
use crate::respond::{self, Reply};

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
pub async fn get_deal(ctx: App, auth: Auth, id: Id) -> Reply {
    Ok(respond::ok(deals::get(&ctx, &auth, *id).await?))
}
