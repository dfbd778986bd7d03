//! `POST /v2/notes/:id`: change a note's message.

use interact_domain::records::{Note, NoteRequest};
use interact_domain::{ErrorBody, Updated};
use interact_service::notes;

use crate::extract::{App, Auth, Id, Json};
use crate::respond::{self, Reply};

/// Update a note's message (2.5.3.1.21); what it is about cannot change.
#[utoipa::path(post, path = "/v2/notes/{id}", tag = "notes",
    params(("id" = i64, Path, description = "note id")),
    request_body = interact_domain::records::NoteUpdateRequest,
    responses(
        (status = 200, body = Updated<Note>),
        (status = 400, description = "message missing or too long, or relatedTo given", body = ErrorBody),
        (status = 401, body = ErrorBody),
        (status = 404, description = "no such note of the caller", body = ErrorBody),
    ),
    security(("authToken" = []), ("bearer" = [])))]
pub async fn update_note(ctx: App, auth: Auth, id: Id, body: Json<NoteRequest>) -> Reply {
    Ok(respond::updated(
        notes::update(&ctx, &auth, *id, body.0).await?,
    ))
}
