//! Notes (2.5.3.1.18–23): create on one of the caller's contacts or deals, list, update the
//! message, delete one or several; every change journaled in its transaction.

use std::collections::HashMap;

use interact_domain::records::{Note, NoteRelatedTo, NoteRequest};
use interact_errors::{Action, Error, Exception, Realm, Result, Tag};
use interact_store::notes::{self as store, NoteInsertForm, NoteRow, NoteUpdateForm, Of};
use interact_store::AnyConnection;

use crate::auth::Principal;
use crate::bulk::Owned;
use crate::ids::ContactId;
use crate::journal;
use crate::related::{self, Target};
use crate::Ctx;

const ENTITY: &str = "note";
/// Longest message accepted, in characters.
pub const MAX_MESSAGE: usize = 65_535;

fn not_found(id: i64) -> Error {
    Error::not_found(Exception::NoteNotFound, format!("note {id} not found"))
}

fn message_of(raw: Option<String>) -> Result<String> {
    let m = raw.ok_or_else(|| Error::missing("message"))?;
    if m.trim().is_empty() {
        return Err(Error::missing("message"));
    }
    if m.chars().count() > MAX_MESSAGE {
        return Err(Error::too_long("message", MAX_MESSAGE));
    }
    Ok(m)
}

/// Wire notes for rows; `with_related` adds `relatedTo` with its display name.
pub(crate) fn views(
    conn: &mut AnyConnection,
    user_id: i64,
    rows: &[NoteRow],
    with_related: bool,
) -> Result<Vec<Note>> {
    let (mut contacts, mut deal_names) = (HashMap::new(), HashMap::new());
    if with_related {
        let cids: Vec<i64> = rows.iter().filter_map(|r| r.contact_id).collect();
        contacts = related::contact_names(conn, user_id, &cids)?;
        let dids: Vec<i64> = rows.iter().filter_map(|r| r.deal_id).collect();
        deal_names = related::deal_names(conn, user_id, &dids)?;
    }
    Ok(rows
        .iter()
        .map(|r| Note {
            id: r.id,
            timestamp: r.modified,
            message: r.message.clone(),
            related_to: if !with_related {
                None
            } else if let Some(c) = r.contact_id {
                Some(NoteRelatedTo {
                    id: c,
                    type_: "contact".into(),
                    display_name: contacts.get(&c).cloned().unwrap_or_default(),
                })
            } else {
                r.deal_id.map(|d| NoteRelatedTo {
                    id: d,
                    type_: "deal".into(),
                    display_name: deal_names.get(&d).cloned().unwrap_or_default(),
                })
            },
        })
        .collect())
}

fn view(conn: &mut AnyConnection, user_id: i64, row: &NoteRow) -> Result<Note> {
    Ok(views(conn, user_id, std::slice::from_ref(row), true)?
        .into_iter()
        .next()
        .unwrap_or_else(|| Note {
            id: row.id,
            timestamp: row.modified,
            message: row.message.clone(),
            related_to: None,
        }))
}

/// The message and the `relatedTo` of a new note.
fn note_target(req: NoteRequest) -> Result<(String, Target)> {
    let message = message_of(req.message)?;
    let target = req.related_to.ok_or_else(|| Error::missing("relatedTo"))?;
    let id = target.id.ok_or_else(|| Error::missing("relatedTo.id"))?;
    Ok((message, Target::parse(target.type_.as_deref(), id)?))
}

/// `PUT /v2/notes`.
pub async fn create(ctx: &Ctx, who: &Principal, req: NoteRequest) -> Result<Note> {
    let (message, target) = note_target(req).tag(Action::Create, Realm::Notes)?;
    let (user_id, now) = (who.user_id, ctx.clock.now_ms());
    ctx.db
        .write(move |c| {
            // First, so that a concurrent change of the same user's contacts or deals (which
            // takes the same lock) is seen committed by the checks below.
            related::check(c, user_id, target)?;
            let (contact_id, deal_id) = target.columns();
            let row = store::insert(
                c,
                &NoteInsertForm {
                    user_id,
                    contact_id,
                    deal_id,
                    message: &message,
                    created: now,
                    modified: now,
                },
            )?;
            let note = view(c, user_id, &row)?;
            journal::inserted(c, user_id, (ENTITY, row.id), &note, now)?;
            Ok(note)
        })
        .await
        .tag(Action::Create, Realm::Notes)
}

/// `GET /v2/notes`: the caller's notes, last changed first.
pub async fn list(ctx: &Ctx, who: &Principal) -> Result<Vec<Note>> {
    let user_id = who.user_id;
    ctx.db
        .read(move |c| {
            let rows = store::list(c, user_id, Of::All)?;
            views(c, user_id, &rows, true)
        })
        .await
        .tag(Action::View, Realm::Notes)
}

/// `GET /v2/contacts/:id/notes`: in the documented shape, without `relatedTo`.
pub async fn of_contact(ctx: &Ctx, who: &Principal, contact_id: i64) -> Result<Vec<Note>> {
    let user_id = who.user_id;
    ctx.db
        .read(move |c| {
            related::listed_contact(c, user_id, contact_id)?;
            let rows = store::list(c, user_id, Of::Contact(contact_id))?;
            views(c, user_id, &rows, false)
        })
        .await
        .tag(Action::View, Realm::ContactNotes)
}

/// `POST /v2/notes/:id`: only the message changes (a note stays with what it is about).
pub async fn update(ctx: &Ctx, who: &Principal, id: i64, req: NoteRequest) -> Result<Note> {
    let message = message_of(req.message).tag(Action::Edit, Realm::Notes)?;
    if req.related_to.is_some() {
        return Err(Error::invalid(
            "relatedTo cannot be changed; create a new note instead",
        ))
        .tag(Action::Edit, Realm::Notes);
    }
    let (user_id, now) = (who.user_id, ctx.clock.now_ms());
    ctx.db
        .write(move |c| {
            // First, so that a concurrent change of the same user's contacts or deals (which
            // takes the same lock) is seen committed by the checks below.
            let old_row = store::find(c, user_id, id)?.ok_or_else(|| not_found(id))?;
            let old = view(c, user_id, &old_row)?;
            let row = store::update(
                c,
                id,
                &NoteUpdateForm {
                    message: &message,
                    modified: now,
                },
            )?;
            let new = view(c, user_id, &row)?;
            journal::updated(c, user_id, (ENTITY, id), &old, &new, now)?;
            Ok(new)
        })
        .await
        .tag(Action::Edit, Realm::Notes)
}

/// Deletes one of the caller's notes inside a write transaction, journaled.
pub(crate) fn delete_in(conn: &mut AnyConnection, user_id: i64, id: i64, now: i64) -> Result<()> {
    let row = store::find(conn, user_id, id)?.ok_or_else(|| not_found(id))?;
    let old = view(conn, user_id, &row)?;
    store::delete(conn, user_id, id)?;
    journal::deleted(conn, user_id, (ENTITY, id), &old, now)
}

/// Deletes, journaled, the notes about a contact or a deal that is about to be deleted.
pub(crate) fn delete_of(conn: &mut AnyConnection, user_id: i64, of: Of, now: i64) -> Result<()> {
    for row in store::list(conn, user_id, of)? {
        delete_in(conn, user_id, row.id, now)?;
    }
    Ok(())
}

/// The deletes of notes (`crate::bulk`).
const NOTES: Owned<NoteRow> = Owned::new(Realm::Notes, store::find, not_found, delete_in);

/// `DELETE /v2/notes/:id`.
pub async fn delete(ctx: &Ctx, who: &Principal, id: i64) -> Result<()> {
    NOTES.delete_many(ctx, who, vec![id]).await
}

/// `DELETE /v2/notes?ids=…`: all or nothing; an id that is not the caller's note answers its
/// 404 and nothing is deleted.
pub async fn delete_many(ctx: &Ctx, who: &Principal, ids: Vec<i64>) -> Result<()> {
    NOTES.delete_many(ctx, who, ids).await
}

/// Merge (2.5.3.2.7): the notes about the contacts `from` are now about `to`; each journaled.
/// Answers how many moved.
pub(crate) fn reattach(
    conn: &mut AnyConnection,
    user_id: i64,
    from: &[ContactId],
    to: ContactId,
    now: i64,
) -> Result<usize> {
    let (from, to) = (&ContactId::raw(from)[..], to.0);
    let rows = store::of_contacts(conn, user_id, from)?;
    if rows.is_empty() {
        return Ok(0);
    }
    let olds = views(conn, user_id, &rows, true)?;
    let moved = store::move_to(conn, user_id, from, to)?;
    let news = views(conn, user_id, &moved, true)?;
    for (old, new) in olds.iter().zip(&news) {
        journal::updated(conn, user_id, (ENTITY, new.id), old, new, now)?;
    }
    Ok(news.len())
}
