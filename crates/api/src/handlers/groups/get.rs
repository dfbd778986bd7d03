use interact_domain::admin::Group;
use interact_domain::ErrorBody;
use interact_service::groups;

use crate::extract::{App, Auth, Id};
use crate::respond::{self, Reply};

/// Retrieve a group with its members (2.5.3.1.64).
#[utoipa::path(get, path = "/v2/admin/groups/{id}", tag = "administration",
    params(("id" = i64, Path), ("callback" = Option<String>, Query, description = "JSONP callback")),
    responses(
        (status = 200, body = Group),
        (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody),
    ),
    security(("authToken" = []), ("bearer" = [])))]
pub async fn get_group(ctx: App, auth: Auth, id: Id) -> Reply {
    Ok(respond::ok(groups::get(&ctx, &auth, *id).await?))
}
