use interact_domain::admin::{Group, GroupRequest};
use interact_domain::{ErrorBody, Updated};
use interact_service::groups;

use crate::extract::{App, Auth, Id, Json};
use crate::respond::{self, Reply};

/// Rename a group (2.5.3.1.65).
#[utoipa::path(post, path = "/v2/admin/groups/{id}", tag = "administration",
    params(("id" = i64, Path)),
    request_body = GroupRequest,
    responses(
        (status = 200, body = Updated<Group>),
        (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody),
        (status = 409, description = "a companyId other than the group's: a group, once in a company, stays there", body = ErrorBody),
    ),
    security(("authToken" = []), ("bearer" = [])))]
pub async fn update_group(ctx: App, auth: Auth, id: Id, body: Json<GroupRequest>) -> Reply {
    Ok(respond::updated(
        groups::update(&ctx, &auth, *id, body.0).await?,
    ))
}
