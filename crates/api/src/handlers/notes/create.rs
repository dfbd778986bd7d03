//! `PUT /v2/notes`: create a note about a contact or a deal.

use interact_domain::records::{Note, NoteRequest};
use interact_domain::{Created, ErrorBody};
use interact_service::notes;

use crate::extract::{App, Auth, Json};
use crate::respond::{self, Reply};

/// Create a note (2.5.3.1.18) related to one of the caller's contacts or deals
/// (`relatedTo.type` `contact`, the default, or `deal`).
#[utoipa::path(put, path = "/v2/notes", tag = "notes",
    request_body = NoteRequest,
    responses(
        (status = 201, body = Created<Note>),
        (status = 400, description = "message or relatedTo missing or invalid", body = ErrorBody),
        (status = 401, body = ErrorBody),
        (status = 404, description = "relatedTo is not a contact or deal of the caller", body = ErrorBody),
    ),
    security(("authToken" = []), ("bearer" = [])))]
pub async fn create_note(ctx: App, auth: Auth, body: Json<NoteRequest>) -> Reply {
    Ok(respond::created(notes::create(&ctx, &auth, body.0).await?))
}
