use interact_domain::admin::Company;
use interact_domain::ErrorBody;
use interact_service::companies;

use crate::extract::{App, Auth};
use crate::respond::{self, Reply};

/// Retrieve the companies with their users (2.5.3.1.59): all for an interact_admin, their
/// own for a customer_admin.
#[utoipa::path(get, path = "/v2/admin/companies", tag = "administration",
    params(("callback" = Option<String>, Query, description = "JSONP callback")),
    responses(
        (status = 200, body = Vec<Company>),
        (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody),
    ),
    security(("authToken" = []), ("bearer" = [])))]
pub async fn list_companies(ctx: App, auth: Auth) -> Reply {
    Ok(respond::ok(companies::list(&ctx, &auth).await?))
}
