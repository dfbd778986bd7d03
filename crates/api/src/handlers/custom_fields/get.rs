use interact_domain::admin::CustomField;
use interact_domain::ErrorBody;
use interact_service::custom_fields;

use crate::extract::{App, Auth, Id};
use crate::respond::{self, Reply};

/// Retrieve a custom field (2.5.3.1.74).
#[utoipa::path(get, path = "/v2/admin/customFields/{id}", tag = "administration",
    params(("id" = i64, Path), ("callback" = Option<String>, Query, description = "JSONP callback")),
    responses(
        (status = 200, body = CustomField),
        (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody),
    ),
    security(("authToken" = []), ("bearer" = [])))]
pub async fn get_custom_field(ctx: App, auth: Auth, id: Id) -> Reply {
    Ok(respond::ok(custom_fields::get(&ctx, &auth, *id).await?))
}
