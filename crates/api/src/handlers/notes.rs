//! Notes (2.5.3.1.18–23).

use interact_domain::records::{Note, NoteRequest};
use interact_domain::{Created, Deleted, ErrorBody, Updated};
use interact_errors::{Action, Realm};
use interact_service::notes;

use crate::extract::{App, Auth, Id, Ids, Json};
use crate::respond::{self, Reply};

/// The endpoints of this resource (`routes.rs` builds the route table and the OpenAPI
/// paths from them).
pub fn endpoints() -> Vec<crate::routes::Endpoint> {
    vec![
        crate::endpoint!(create_note, Action::Create, Realm::Notes),
        crate::endpoint!(list_notes, Action::View, Realm::Notes),
        crate::endpoint!(delete_notes, Action::Delete, Realm::Notes),
        crate::endpoint!(update_note, Action::Edit, Realm::Notes),
        crate::endpoint!(delete_note, Action::Delete, Realm::Notes),
        crate::endpoint!(contact_notes, Action::View, Realm::ContactNotes),
    ]
}

// `PUT /v2/notes`: create a note about a contact or a deal.
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

// `GET /v2/notes`: the caller's notes.
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

// `DELETE /v2/notes?ids=…`: delete several notes, all or none.
/// Delete the notes with the given ids (2.5.3.1.22): all of them, or none if any is not the
/// caller's (404 naming it).
#[utoipa::path(delete, path = "/v2/notes", tag = "notes",
    params(Ids),
    responses(
        (status = 200, body = Deleted),
        (status = 400, description = "ids missing or not integers", body = ErrorBody),
        (status = 401, body = ErrorBody),
        (status = 404, description = "an id is not a note of the caller; nothing was deleted", body = ErrorBody),
    ),
    security(("authToken" = []), ("bearer" = [])))]
pub async fn delete_notes(ctx: App, auth: Auth, ids: Ids) -> Reply {
    notes::delete_many(&ctx, &auth, ids.0).await?;
    Ok(respond::deleted())
}

// `POST /v2/notes/:id`: change a note's message.
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

// `DELETE /v2/notes/:id`: delete a note.
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

// `GET /v2/contacts/:id/notes`: the notes about one contact.
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
