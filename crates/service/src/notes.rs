//! Notes (2.5.3.1.18–23): create on one of the caller's contacts or deals, list, update the
//! message, delete one or several; every change journaled in its transaction.

use std::collections::{HashMap, HashSet};

use interact_domain::records::{Note, NoteRelatedTo, NoteRequest};
use interact_errors::{Action, Error, Exception, Realm, Result, Tag};
use interact_store::notes::{self as store, NoteInsertForm, NoteRow, Of};
use interact_store::{activities, deals, AnyConnection};

use crate::auth::Principal;
use crate::journal::{self, Change};
use crate::Ctx;

const ENTITY: &str = "note";
/// Longest message accepted, in characters.
pub const MAX_MESSAGE: usize = 65_535;

fn not_found(id: i64) -> Error {
    Error::not_found(Exception::NoteNotFound, format!("note {id} not found"))
}

pub(crate) fn contact_not_found(id: i64) -> Error {
    Error::not_found(
        Exception::ContactNotFound,
        format!("relatedTo: contact {id} not found"),
    )
}

pub(crate) fn deal_not_found(id: i64) -> Error {
    Error::not_found(
        Exception::DealNotFound,
        format!("relatedTo: deal {id} not found"),
    )
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

/// The display names of the caller's contacts among `ids`.
pub(crate) fn contact_names(
    conn: &mut AnyConnection,
    user_id: i64,
    ids: &[i64],
) -> Result<HashMap<i64, String>> {
    Ok(crate::contacts::load_many(conn, user_id, ids)?
        .into_iter()
        .map(|c| (c.id, c.display_name()))
        .collect())
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
        contacts = contact_names(conn, user_id, &cids)?;
        let dids: HashSet<i64> = rows.iter().filter_map(|r| r.deal_id).collect();
        for d in dids {
            if let Some(row) = deals::find(conn, user_id, d)? {
                deal_names.insert(d, row.name);
            }
        }
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

fn record(
    conn: &mut AnyConnection,
    user_id: i64,
    change: Change,
    id: i64,
    old: Option<&Note>,
    new: Option<&Note>,
    now: i64,
) -> Result<()> {
    journal::record_own(conn, user_id, (ENTITY, id), change, old, new, now)
}

/// The message and the `relatedTo` of a new note: (message, id, whether it is a deal).
fn note_target(req: NoteRequest) -> Result<(String, i64, bool)> {
    let message = message_of(req.message)?;
    let target = req.related_to.ok_or_else(|| Error::missing("relatedTo"))?;
    let id = target.id.ok_or_else(|| Error::missing("relatedTo.id"))?;
    let is_deal = match target.type_.as_deref() {
        None | Some("contact") => false,
        Some("deal") => true,
        Some(other) => {
            return Err(Error::invalid(format!(
                "relatedTo.type must be contact or deal, not {other:?}"
            )))
        }
    };
    Ok((message, id, is_deal))
}

/// `PUT /v2/notes`.
pub async fn create(ctx: &Ctx, who: &Principal, req: NoteRequest) -> Result<Note> {
    let (message, target_id, is_deal) = note_target(req).tag(Action::Create, Realm::Notes)?;
    let (user_id, now) = (who.user_id, ctx.clock.now_ms());
    ctx.db
        .write(move |c| {
            // First, so that a concurrent change of the same user's contacts or deals (which
            // takes the same lock) is seen committed by the checks below.
            activities::lock_user_journal(c, user_id)?;
            let (contact_id, deal_id) = if is_deal {
                deals::find(c, user_id, target_id)?.ok_or_else(|| deal_not_found(target_id))?;
                (None, Some(target_id))
            } else {
                crate::contacts::load_one(c, user_id, target_id)?
                    .ok_or_else(|| contact_not_found(target_id))?;
                (Some(target_id), None)
            };
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
            record(c, user_id, Change::Insert, row.id, None, Some(&note), now)?;
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
            crate::contacts::load_one(c, user_id, contact_id)?.ok_or_else(|| {
                Error::not_found(
                    Exception::ContactNotFound,
                    format!("contact {contact_id} not found"),
                )
            })?;
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
            activities::lock_user_journal(c, user_id)?;
            let old_row = store::find(c, user_id, id)?.ok_or_else(|| not_found(id))?;
            let old = view(c, user_id, &old_row)?;
            let row = store::update_message(c, id, &message, now)?;
            let new = view(c, user_id, &row)?;
            record(c, user_id, Change::Update, id, Some(&old), Some(&new), now)?;
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
    record(conn, user_id, Change::Delete, id, Some(&old), None, now)
}

/// Deletes, journaled, the notes about a contact or a deal that is about to be deleted.
pub(crate) fn delete_of(conn: &mut AnyConnection, user_id: i64, of: Of, now: i64) -> Result<()> {
    for row in store::list(conn, user_id, of)? {
        delete_in(conn, user_id, row.id, now)?;
    }
    Ok(())
}

/// `DELETE /v2/notes/:id`.
pub async fn delete(ctx: &Ctx, who: &Principal, id: i64) -> Result<()> {
    delete_many(ctx, who, vec![id]).await
}

/// `DELETE /v2/notes?ids=…`: all or nothing; an id that is not the caller's note answers its
/// 404 and nothing is deleted.
pub async fn delete_many(ctx: &Ctx, who: &Principal, ids: Vec<i64>) -> Result<()> {
    let (user_id, now) = (who.user_id, ctx.clock.now_ms());
    crate::bulk::delete_many(
        ctx,
        user_id,
        ids,
        Realm::Notes,
        move |c, id| {
            store::find(c, user_id, id)?
                .map(drop)
                .ok_or_else(|| not_found(id))
        },
        move |c, id| delete_in(c, user_id, id, now),
    )
    .await
}

/// Parses `ids=1,3,45` of a delete of several notes, deals, …; errors name `ids`.
pub fn parse_ids(ids: Option<&str>, realm: Realm) -> Result<Vec<i64>> {
    use interact_domain::contacts::{parse_id_csv, MAX_DELETE_IDS};
    use interact_errors::Detail;
    let bad = |m: String| {
        Error::new(
            Exception::InvalidData,
            Action::Delete,
            realm,
            Detail::InvalidParameter,
            m,
        )
    };
    let Some(raw) = ids else {
        return Err(Error::missing("ids").in_context(Action::Delete, realm));
    };
    if raw.trim().is_empty() {
        return Err(bad("ids must name at least one id (ids=1,3,45)".into()));
    }
    let ids = parse_id_csv(raw).map_err(|e| bad(format!("ids: {e}")))?;
    if ids.len() > MAX_DELETE_IDS {
        return Err(bad(format!("ids must name at most {MAX_DELETE_IDS} ids")));
    }
    Ok(ids)
}

/// Merge (2.5.3.2.7): the notes about the contacts `from` are now about `to`; each journaled.
/// Answers how many moved.
pub(crate) fn reattach(
    conn: &mut AnyConnection,
    user_id: i64,
    from: &[i64],
    to: i64,
    now: i64,
) -> Result<usize> {
    let rows = interact_store::cleanup::notes_of(conn, user_id, from)?;
    if rows.is_empty() {
        return Ok(0);
    }
    let olds = views(conn, user_id, &rows, true)?;
    let moved = interact_store::cleanup::move_notes(conn, user_id, from, to)?;
    let news = views(conn, user_id, &moved, true)?;
    for (old, new) in olds.iter().zip(&news) {
        record(
            conn,
            user_id,
            Change::Update,
            new.id,
            Some(old),
            Some(new),
            now,
        )?;
    }
    Ok(news.len())
}
