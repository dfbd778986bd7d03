//! `PUT /v2/contacts`: create a person or organization.

use interact_domain::contacts::{Contact, ContactRequest};
use interact_domain::{Created, ErrorBody};
use interact_service::contacts;

use crate::extract::{App, Auth, Json};
use crate::respond::{self, Reply};

/// Create a person or organization contact (2.5.3.1.2, 2.5.3.1.3). A person needs
/// `firstName` or `lastName`, an organization `organizationName`.
#[utoipa::path(put, path = "/v2/contacts", tag = "contacts",
    request_body = ContactRequest,
    responses(
        (status = 201, body = Created<Contact>),
        (status = 400, description = "invalid or missing attribute (the devmsg names it)", body = ErrorBody),
        (status = 401, body = ErrorBody),
        (status = 404, description = "a basicInfo id or relatedTo id that is not the caller's", body = ErrorBody),
        (status = 409, description = "a relatedTo id names a contact of the same type (a person relates to organizations, an organization to persons), or a basicInfo id names one of another contact (9301)", body = ErrorBody),
    ),
    security(("authToken" = []), ("bearer" = [])))]
pub async fn create_contact(ctx: App, auth: Auth, body: Json<ContactRequest>) -> Reply {
    Ok(respond::created(
        contacts::create(&ctx, &auth, body.0).await?,
    ))
}
