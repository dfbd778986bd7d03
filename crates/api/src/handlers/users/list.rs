use interact_domain::admin::User;
use interact_domain::ErrorBody;
use interact_service::users;

use crate::extract::{App, Auth};
use crate::respond::{self, Reply};

/// Retrieve a list of users (2.5.3.1.54): all for an interact_admin, their company's for a
/// customer_admin.
#[utoipa::path(get, path = "/v2/admin/users", tag = "administration",
    params(("callback" = Option<String>, Query, description = "JSONP callback")),
    responses(
        (status = 200, body = Vec<User>),
        (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody),
    ),
    security(("authToken" = []), ("bearer" = [])))]
pub async fn list_users(ctx: App, auth: Auth) -> Reply {
    Ok(respond::ok(users::list(&ctx, &auth).await?))
}
