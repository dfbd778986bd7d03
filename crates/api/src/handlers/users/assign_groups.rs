use actix_web::web;
use interact_domain::admin::User;
use interact_domain::ErrorBody;
use interact_errors::{Action, Realm, Tag};
use interact_service::users::{self, Assign};

use super::CmdQuery;
use crate::extract::{App, Auth, Id, Json};
use crate::respond::{self, Reply};

/// Assign groups to a user (2.5.3.2.10): `cmd` add, remove or set, the body an array of ids
/// of groups of the user's company. Answers the user.
#[utoipa::path(post, path = "/v2/admin/users/{id}/groups", tag = "administration",
    params(("id" = i64, Path), ("cmd" = String, Query, description = "add, remove or set", pattern = "^(add|remove|set)$")),
    request_body = Vec<i64>,
    responses(
        (status = 200, body = User),
        (status = 400, description = "a group of another company, or unknown cmd", body = ErrorBody),
        (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody),
    ),
    security(("authToken" = []), ("bearer" = [])))]
pub async fn assign_groups(
    ctx: App,
    auth: Auth,
    id: Id,
    query: web::Query<CmdQuery>,
    body: Json<Vec<i64>>,
) -> Reply {
    let cmd = Assign::parse(query.cmd.as_deref()).tag(Action::Edit, Realm::GroupAdministration)?;
    Ok(respond::ok(
        users::assign_groups(&ctx, &auth, *id, cmd, body.0).await?,
    ))
}
