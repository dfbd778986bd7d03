//! `GET /v2/contacts/:id/notes`: the notes about one contact.

use interact_domain::records::Note;
use interact_domain::ErrorBody;
use interact_service::notes;

use crate::extract::{App, Auth, Id};
use crate::respond::{self, Reply};

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
pub async fn contact_notes(ctx: App, auth: Auth, id: Id) -> Reply {
    Ok(respond::ok(notes::of_contact(&ctx, &auth, *id).await?))
}
