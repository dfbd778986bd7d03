use interact_domain::admin::Company;
use interact_domain::ErrorBody;
use interact_service::companies;

use crate::extract::{App, Auth, Id};
use crate::respond::{self, Reply};

/// Retrieve a company with its users (2.5.3.1.60).
#[utoipa::path(get, path = "/v2/admin/companies/{id}", tag = "administration",
    params(("id" = i64, Path), ("callback" = Option<String>, Query, description = "JSONP callback")),
    responses(
        (status = 200, body = Company),
        (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody),
    ),
    security(("authToken" = []), ("bearer" = [])))]
pub async fn get_company(ctx: App, auth: Auth, id: Id) -> Reply {
    Ok(respond::ok(companies::get(&ctx, &auth, *id).await?))
}
