use interact_domain::{Deleted, ErrorBody};
use interact_service::custom_fields;

use crate::extract::{App, Auth, Ids};
use crate::respond::{self, Reply};

/// Delete custom fields with the given ids (2.5.3.1.76): all or none.
#[utoipa::path(delete, path = "/v2/admin/customFields", tag = "administration",
    params(("ids" = String, Query, description = "comma-separated ids", pattern = "^\\s*[1-9][0-9]{0,17}\\s*(,\\s*[1-9][0-9]{0,17}\\s*){0,999}$")),
    responses(
        (status = 200, body = Deleted),
        (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody),
    ),
    security(("authToken" = []), ("bearer" = [])))]
pub async fn delete_custom_fields(ctx: App, auth: Auth, ids: Ids) -> Reply {
    custom_fields::delete(&ctx, &auth, ids.0).await?;
    Ok(respond::deleted())
}
