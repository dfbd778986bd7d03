//! `DELETE /v2/contacts/:id`: delete a contact.

use actix_web::{web, HttpResponse};
use interact_domain::{Deleted, ErrorBody};
use interact_errors::Error;
use interact_service::{contacts, Ctx};

use crate::extract::{Auth, Id};
use crate::respond;

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
pub async fn delete_contact(
    ctx: web::Data<Ctx>,
    auth: Auth,
    id: Id,
) -> Result<HttpResponse, Error> {
    contacts::delete(&ctx, &auth, id.into_inner()).await?;
    Ok(respond::deleted())
}
