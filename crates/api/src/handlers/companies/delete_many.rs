use interact_domain::{Deleted, ErrorBody};
use interact_service::companies;

use crate::extract::{App, Auth, Ids};
use crate::respond::{self, Reply};

/// Delete companies with the given ids (2.5.3.1.61); interact_admin only, all or none. A
/// company that still has users is a 409.
#[utoipa::path(delete, path = "/v2/admin/companies", tag = "administration",
    params(("ids" = String, Query, description = "comma-separated ids", pattern = "^\\s*[1-9][0-9]{0,17}\\s*(,\\s*[1-9][0-9]{0,17}\\s*){0,999}$")),
    responses(
        (status = 200, body = Deleted),
        (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody),
        (status = 409, description = "a company still has users", body = ErrorBody),
    ),
    security(("authToken" = []), ("bearer" = [])))]
pub async fn delete_companies(ctx: App, auth: Auth, ids: Ids) -> Reply {
    companies::delete(&ctx, &auth, ids.0).await?;
    Ok(respond::deleted())
}
