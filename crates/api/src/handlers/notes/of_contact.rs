//! `GET /v2/contacts/:id/notes`: the notes about one contact.

use actix_web::{web, HttpResponse};
use interact_domain::records::Note;
use interact_domain::ErrorBody;
use interact_errors::Error;
use interact_service::{notes, Ctx};

use crate::extract::{Auth, Id};
use crate::respond;

/// Read the notes about one of the caller's contacts (2.5.3.1.20): `id`, `timestamp`,
/// `message`, last changed first.
#[utoipa::path(get, path = "/v2/contacts/{id}/notes", tag = "notes",
    params(
        ("id" = i64, Path, description = "contact id"),
        ("callback" = Option<String>, Query, description = "JSONP callback"),
    ),
    responses(
        (status = 200, body = Vec<Note>),
        (status = 401, body = ErrorBody),
        (status = 404, description = "no such contact of the caller", body = ErrorBody),
    ),
    security(("authToken" = []), ("bearer" = [])))]
pub async fn contact_notes(ctx: web::Data<Ctx>, auth: Auth, id: Id) -> Result<HttpResponse, Error> {
    Ok(respond::ok(
        notes::of_contact(&ctx, &auth, id.into_inner()).await?,
    ))
}
