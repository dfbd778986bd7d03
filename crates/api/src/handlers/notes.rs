//! Notes (2.5.3.1.18–23).

use interact_domain::records::{Note, NoteRequest, NoteUpdateRequest};
use interact_errors::Realm;
use interact_service::notes;

crate::resource! {
    tag "notes", one "note", realm Realm::Notes;
    /// Create a note (2.5.3.1.18) related to one of the caller's contacts or deals
    /// (`relatedTo.type` `contact`, the default, or `deal`).
    create create_note("/v2/notes", NoteRequest => Note, notes::create,
        400 "message or relatedTo missing or invalid",
        404 "relatedTo is not a contact or deal of the caller");
    /// Read the caller's notes (2.5.3.1.19), last changed first; `timestamp` is the time of the
    /// last change.
    list list_notes("/v2/notes" => Note, notes::list);
    /// Delete the notes with the given ids (2.5.3.1.22): all of them, or none if any is not the
    /// caller's (404 naming it).
    delete_many delete_notes("/v2/notes", notes::delete_many);
    /// Update a note's message (2.5.3.1.21); what it is about cannot change.
    update update_note("/v2/notes/{id}", NoteRequest as NoteUpdateRequest => Note, notes::update,
        400 "message missing or too long, or relatedTo given", 404 "no such note of the caller");
    /// Delete a note (2.5.3.1.23).
    delete delete_note("/v2/notes/{id}", notes::delete);
    /// Read the notes about one of the caller's contacts (2.5.3.1.20): `id`, `timestamp`,
    /// `message`, last changed first.
    of_contact contact_notes("/v2/contacts/{id}/notes" => Note, notes::of_contact,
        Realm::ContactNotes);
}
