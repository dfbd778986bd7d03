use interact_domain::admin::Group;
use interact_domain::ErrorBody;
use interact_service::companies;

use crate::extract::{App, Auth, Id};
use crate::respond::{self, Reply};

/// Retrieve the groups of a company, with their members (2.5.3.1.63).
#[utoipa::path(get, path = "/v2/admin/companies/{id}/groups", tag = "administration",
    params(("id" = i64, Path), ("callback" = Option<String>, Query, description = "JSONP callback")),
    responses(
        (status = 200, body = Vec<Group>),
        (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody),
    ),
    security(("authToken" = []), ("bearer" = [])))]
pub async fn company_groups(ctx: App, auth: Auth, id: Id) -> Reply {
    Ok(respond::ok(companies::groups(&ctx, &auth, *id).await?))
}
