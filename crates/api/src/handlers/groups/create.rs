use interact_domain::admin::{Group, GroupRequest};
use interact_domain::{Created, ErrorBody};
use interact_service::groups;

use crate::extract::{App, Auth, Json};
use crate::respond::{self, Reply};

/// Create a group (2.5.3.1.62); `companyId` defaults to the caller's company.
#[utoipa::path(put, path = "/v2/admin/groups", tag = "administration",
    request_body = GroupRequest,
    responses(
        (status = 201, body = Created<Group>),
        (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody),
    ),
    security(("authToken" = []), ("bearer" = [])))]
pub async fn create_group(ctx: App, auth: Auth, body: Json<GroupRequest>) -> Reply {
    Ok(respond::created(groups::create(&ctx, &auth, body.0).await?))
}
