//! `DELETE /v2/deals?ids=…`: delete several deals, all or none.

use interact_domain::{Deleted, ErrorBody};
use interact_service::deals;

use crate::extract::{App, Auth, Ids};
use crate::respond::{self, Reply};

/// Delete the deals with the given ids (2.5.3.1.51): all of them, or none if any is not the
/// caller's (404 naming it).
#[utoipa::path(delete, path = "/v2/deals", tag = "deals",
    params(("ids" = String, Query, description = "comma-separated deal ids, e.g. 1,3,45", pattern = "^\\s*[1-9][0-9]{0,17}\\s*(,\\s*[1-9][0-9]{0,17}\\s*){0,999}$")),
    responses(
        (status = 200, body = Deleted),
        (status = 400, description = "ids missing or not integers", body = ErrorBody),
        (status = 401, body = ErrorBody),
        (status = 404, description = "an id is not a deal of the caller; nothing was deleted", body = ErrorBody),
    ),
    security(("authToken" = []), ("bearer" = [])))]
pub async fn delete_deals(ctx: App, auth: Auth, ids: Ids) -> Reply {
    deals::delete_many(&ctx, &auth, ids.0).await?;
    Ok(respond::deleted())
}
