//! `DELETE /v2/contacts/:id`: delete a contact.

use interact_domain::{Deleted, ErrorBody};
use interact_service::contacts;

use crate::extract::{App, Auth, Id};
use crate::respond::{self, Reply};

/// Delete a contact (2.5.3.1.11); its basicInfos, addresses and tags go with it.
#[utoipa::path(delete, path = "/v2/contacts/{id}", tag = "contacts",
    params(("id" = i64, Path, description = "contact id")),
    responses(
        (status = 200, body = Deleted),
        (status = 400, description = "id not an integer", body = ErrorBody),
        (status = 401, body = ErrorBody),
        (status = 404, description = "no such contact of the caller", body = ErrorBody),
    ),
    security(("authToken" = []), ("bearer" = [])))]
pub async fn delete_contact(ctx: App, auth: Auth, id: Id) -> Reply {
    contacts::delete(&ctx, &auth, *id).await?;
    Ok(respond::deleted())
}
