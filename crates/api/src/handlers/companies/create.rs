use interact_domain::admin::{Company, CompanyRequest};
use interact_domain::{Created, ErrorBody};
use interact_service::companies;

use crate::extract::{App, Auth, Json};
use crate::respond::{self, Reply};

/// Create a customer company (2.5.3.1.58); interact_admin only.
#[utoipa::path(put, path = "/v2/admin/companies", tag = "administration",
    request_body = CompanyRequest,
    responses(
        (status = 201, body = Created<Company>),
        (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody),
    ),
    security(("authToken" = []), ("bearer" = [])))]
pub async fn create_company(ctx: App, auth: Auth, body: Json<CompanyRequest>) -> Reply {
    Ok(respond::created(
        companies::create(&ctx, &auth, body.0).await?,
    ))
}
