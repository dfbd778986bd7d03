use interact_domain::admin::User;
use interact_domain::ErrorBody;
use interact_service::users;

use crate::extract::{App, Auth, Id};
use crate::respond::{self, Reply};

/// Retrieve a user (2.5.3.1.55).
#[utoipa::path(get, path = "/v2/admin/users/{id}", tag = "administration",
    params(("id" = i64, Path), ("callback" = Option<String>, Query, description = "JSONP callback")),
    responses(
        (status = 200, body = User),
        (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody),
        (status = 404, description = "no such user, or not the caller's to administer", body = ErrorBody),
    ),
    security(("authToken" = []), ("bearer" = [])))]
pub async fn get_user(ctx: App, auth: Auth, id: Id) -> Reply {
    Ok(respond::ok(users::get(&ctx, &auth, *id).await?))
}
