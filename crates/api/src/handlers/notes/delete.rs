//! `DELETE /v2/notes/:id`: delete a note.

use actix_web::{web, HttpResponse};
use interact_domain::{Deleted, ErrorBody};
use interact_errors::Error;
use interact_service::{notes, Ctx};

use crate::extract::{Auth, Id};
use crate::respond;

/// Delete a note (2.5.3.1.23).
#[utoipa::path(delete, path = "/v2/notes/{id}", tag = "notes",
    params(("id" = i64, Path, description = "note id")),
    responses(
        (status = 200, body = Deleted),
        (status = 400, description = "id not an integer", body = ErrorBody),
        (status = 401, body = ErrorBody),
        (status = 404, description = "no such note of the caller", body = ErrorBody),
    ),
    security(("authToken" = []), ("bearer" = [])))]
pub async fn delete_note(ctx: web::Data<Ctx>, auth: Auth, id: Id) -> Result<HttpResponse, Error> {
    notes::delete(&ctx, &auth, id.into_inner()).await?;
    Ok(respond::deleted())
}
