//! `DELETE /v2/notes/:id`: delete a note.

use interact_domain::{Deleted, ErrorBody};
use interact_service::notes;

use crate::extract::{App, Auth, Id};
use crate::respond::{self, Reply};

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
pub async fn delete_note(ctx: App, auth: Auth, id: Id) -> Reply {
    notes::delete(&ctx, &auth, *id).await?;
    Ok(respond::deleted())
}
