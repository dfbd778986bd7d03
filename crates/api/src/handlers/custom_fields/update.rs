use interact_domain::admin::{CustomField, CustomFieldRequest};
use interact_domain::{ErrorBody, Updated};
use interact_service::custom_fields;

use crate::extract::{App, Auth, Id, Json};
use crate::respond::{self, Reply};

/// Rename a custom field (2.5.3.1.75).
#[utoipa::path(post, path = "/v2/admin/customFields/{id}", tag = "administration",
    params(("id" = i64, Path)),
    request_body = CustomFieldRequest,
    responses(
        (status = 200, body = Updated<CustomField>),
        (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody),
    ),
    security(("authToken" = []), ("bearer" = [])))]
pub async fn update_custom_field(
    ctx: App,
    auth: Auth,
    id: Id,
    body: Json<CustomFieldRequest>,
) -> Reply {
    Ok(respond::updated(
        custom_fields::update(&ctx, &auth, *id, body.0).await?,
    ))
}
