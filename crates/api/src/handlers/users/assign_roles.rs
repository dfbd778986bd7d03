use actix_web::web;
use interact_domain::admin::User;
use interact_domain::ErrorBody;
use interact_errors::{Action, Realm, Tag};
use interact_service::users::{self, Assign};

use super::CmdQuery;
use crate::extract::{App, Auth, Id, Json};
use crate::respond::{self, Reply};

/// Assign roles to a user (2.5.3.2.9): `cmd` add, remove or set, the body an array of role
/// names. Answers the user.
#[utoipa::path(post, path = "/v2/admin/users/{id}/roles", tag = "administration",
    params(("id" = i64, Path), ("cmd" = String, Query, description = "add, remove or set", pattern = "^(add|remove|set)$")),
    request_body = Vec<String>,
    responses(
        (status = 200, body = User),
        (status = 400, description = "unknown role or cmd", body = ErrorBody),
        (status = 401, body = ErrorBody),
        (status = 403, description = "not an administrator, or a customer_admin granting interact_admin", body = ErrorBody),
        (status = 404, body = ErrorBody),
    ),
    security(("authToken" = []), ("bearer" = [])))]
pub async fn assign_roles(
    ctx: App,
    auth: Auth,
    id: Id,
    query: web::Query<CmdQuery>,
    body: Json<Vec<String>>,
) -> Reply {
    let cmd = Assign::parse(query.cmd.as_deref()).tag(Action::Edit, Realm::RoleAdministration)?;
    Ok(respond::ok(
        users::assign_roles(&ctx, &auth, *id, cmd, body.0).await?,
    ))
}
