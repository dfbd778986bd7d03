//! `POST /v2/contacts/:id`: update a contact, checking its version.

use interact_domain::contacts::{Contact, ContactRequest};
use interact_domain::{ErrorBody, Updated};
use interact_service::contacts;

use crate::extract::{App, Auth, Id, Json};
use crate::respond::{self, Reply};

/// Update a person or organization contact (2.5.3.1.8, 2.5.3.1.9). `version` must be the
/// stored one (another one, or none, is a 409); lists given replace the stored ones. With a
/// `cmd` parameter the request is the share (`share_contact`).
#[utoipa::path(post, path = "/v2/contacts/{id}", tag = "contacts",
    params(
        ("id" = i64, Path, description = "contact id"),
    ),
    request_body = ContactRequest,
    responses(
        (status = 200, body = Updated<Contact>),
        (status = 400, description = "invalid or missing attribute", body = ErrorBody),
        (status = 401, body = ErrorBody),
        (status = 404, description = "no such contact of the caller", body = ErrorBody),
        (status = 409, description = "version conflict (also without version), another contactType than the stored one, a relatedTo id that names a contact of the same type, or a basicInfo of another contact (9301)", body = ErrorBody),
    ),
    security(("authToken" = []), ("bearer" = [])))]
pub async fn update_contact(
    ctx: App,
    auth: Auth,
    id: Id,
    body: Json<Option<ContactRequest>>,
) -> Reply {
    // `null` (the share's documented body, on the same operation) names nothing, no version
    // either: the update answers it as `{}`.
    let req = body.0.unwrap_or_default();
    Ok(respond::updated(
        contacts::update(&ctx, &auth, *id, req).await?,
    ))
}
