//! `GET /v2/notes`: the caller's notes.

use interact_domain::records::Note;
use interact_domain::ErrorBody;
use interact_service::notes;

use crate::extract::{App, Auth};
use crate::respond::{self, Reply};

/// Read the caller's notes (2.5.3.1.19), last changed first; `timestamp` is the time of the
/// last change.
#[utoipa::path(get, path = "/v2/notes", tag = "notes",
    params(("callback" = Option<String>, Query, description = "JSONP callback")),
    responses(
        (status = 200, body = Vec<Note>),
        (status = 401, body = ErrorBody),
    ),
    security(("authToken" = []), ("bearer" = [])))]
pub async fn list_notes(ctx: App, auth: Auth) -> Reply {
    Ok(respond::ok(notes::list(&ctx, &auth).await?))
}
