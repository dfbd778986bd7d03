use interact_domain::admin::{CustomField, CustomFieldRequest};
use interact_domain::{Created, ErrorBody};
use interact_service::custom_fields;

use crate::extract::{App, Auth, Json};
use crate::respond::{self, Reply};

/// Create a custom field (2.5.3.1.72): `dataType` `varchar`, `entityType` `contact`;
/// `companyId` defaults to the creator's company.
#[utoipa::path(put, path = "/v2/admin/customFields", tag = "administration",
    request_body = CustomFieldRequest,
    responses(
        (status = 201, body = Created<CustomField>),
        (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody),
        (status = 409, description = "the company has a field of this name", body = ErrorBody),
    ),
    security(("authToken" = []), ("bearer" = [])))]
pub async fn create_custom_field(ctx: App, auth: Auth, body: Json<CustomFieldRequest>) -> Reply {
    Ok(respond::created(
        custom_fields::create(&ctx, &auth, body.0).await?,
    ))
}
