//! `GET /v2/notes`: the caller's notes.

use actix_web::{web, HttpResponse};
use interact_domain::records::Note;
use interact_domain::ErrorBody;
use interact_errors::Error;
use interact_service::{notes, Ctx};

use crate::extract::Auth;
use crate::respond;

/// Read the caller's notes (2.5.3.1.19), last changed first; `timestamp` is the time of the
/// last change.
#[utoipa::path(get, path = "/v2/notes", tag = "notes",
    params(("callback" = Option<String>, Query, description = "JSONP callback")),
    responses(
        (status = 200, body = Vec<Note>),
        (status = 401, body = ErrorBody),
    ),
    security(("authToken" = []), ("bearer" = [])))]
pub async fn list_notes(ctx: web::Data<Ctx>, auth: Auth) -> Result<HttpResponse, Error> {
    Ok(respond::ok(notes::list(&ctx, &auth).await?))
}
