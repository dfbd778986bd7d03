//! `GET /v2/deals`: the caller's deals.

use interact_domain::records::Deal;
use interact_domain::ErrorBody;
use interact_service::deals;

use crate::extract::{App, Auth};
use crate::respond::{self, Reply};

/// Read the caller's deals (2.5.3.1.47), by id.
#[utoipa::path(get, path = "/v2/deals", tag = "deals",
    params(("callback" = Option<String>, Query, description = "JSONP callback")),
    responses(
        (status = 200, body = Vec<Deal>),
        (status = 401, body = ErrorBody),
    ),
    security(("authToken" = []), ("bearer" = [])))]
pub async fn list_deals(ctx: App, auth: Auth) -> Reply {
    Ok(respond::ok(deals::list(&ctx, &auth).await?))
}
