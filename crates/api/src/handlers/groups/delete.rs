use interact_domain::{Deleted, ErrorBody};
use interact_service::groups;

use crate::extract::{App, Auth, Id};
use crate::respond::{self, Reply};

/// Delete a group (2.5.3.1.67); its members stay, without it.
#[utoipa::path(delete, path = "/v2/admin/groups/{id}", tag = "administration",
    params(("id" = i64, Path)),
    responses(
        (status = 200, body = Deleted),
        (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody),
        (status = 409, description = "the group still has canvass interactions", body = ErrorBody),
    ),
    security(("authToken" = []), ("bearer" = [])))]
pub async fn delete_group(ctx: App, auth: Auth, id: Id) -> Reply {
    groups::delete(&ctx, &auth, vec![*id]).await?;
    Ok(respond::deleted())
}
