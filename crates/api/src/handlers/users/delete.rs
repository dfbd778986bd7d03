use interact_domain::{Deleted, ErrorBody};
use interact_service::users;

use crate::extract::{App, Auth, Id};
use crate::respond::{self, Reply};

/// Delete a user and all of their data (2.5.3.1.57).
#[utoipa::path(delete, path = "/v2/admin/users/{id}", tag = "administration",
    params(("id" = i64, Path)),
    responses(
        (status = 200, body = Deleted),
        (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody),
    ),
    security(("authToken" = []), ("bearer" = [])))]
pub async fn delete_user(ctx: App, auth: Auth, id: Id) -> Reply {
    users::delete(&ctx, &auth, vec![*id]).await?;
    Ok(respond::deleted())
}
