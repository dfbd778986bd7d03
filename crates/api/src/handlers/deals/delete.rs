//! `DELETE /v2/deals/:id`: delete a deal.

use interact_domain::{Deleted, ErrorBody};
use interact_service::deals;

use crate::extract::{App, Auth, Id};
use crate::respond::{self, Reply};

/// Delete a deal (2.5.3.1.52); its notes go with it.
#[utoipa::path(delete, path = "/v2/deals/{id}", tag = "deals",
    params(("id" = i64, Path, description = "deal id")),
    responses(
        (status = 200, body = Deleted),
        (status = 400, description = "id not an integer", body = ErrorBody),
        (status = 401, body = ErrorBody),
        (status = 404, description = "no such deal of the caller", body = ErrorBody),
    ),
    security(("authToken" = []), ("bearer" = [])))]
pub async fn delete_deal(ctx: App, auth: Auth, id: Id) -> Reply {
    deals::delete(&ctx, &auth, *id).await?;
    Ok(respond::deleted())
}
