//! Notes (2.5.3.1.18–23): one user's each, related to one of their contacts or deals.

use std::collections::HashMap;

use diesel::prelude::*;
use interact_errors::Result;

use crate::schema::notes;
use crate::AnyConnection;

#[derive(Debug, Clone, Queryable, Selectable, Identifiable)]
#[diesel(table_name = notes)]
pub struct NoteRow {
    pub id: i64,
    pub user_id: i64,
    pub contact_id: Option<i64>,
    pub deal_id: Option<i64>,
    pub message: String,
    pub created: i64,
    pub modified: i64,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = notes)]
pub struct NoteInsertForm<'a> {
    pub user_id: i64,
    pub contact_id: Option<i64>,
    pub deal_id: Option<i64>,
    pub message: &'a str,
    pub created: i64,
    pub modified: i64,
}

pub fn insert(conn: &mut AnyConnection, form: &NoteInsertForm) -> Result<NoteRow> {
    Ok(diesel::insert_into(notes::table)
        .values(form)
        .returning(notes::all_columns)
        .get_result(conn)?)
}

pub fn find(conn: &mut AnyConnection, user_id: i64, id: i64) -> Result<Option<NoteRow>> {
    Ok(notes::table
        .filter(notes::user_id.eq(user_id))
        .filter(notes::id.eq(id))
        .select(NoteRow::as_select())
        .first(conn)
        .optional()?)
}

/// Which notes to list.
#[derive(Debug, Clone, Copy)]
pub enum Of {
    All,
    Contact(i64),
    Deal(i64),
}

/// The caller's notes, newest change first (ties by id, newest first).
pub fn list(conn: &mut AnyConnection, user_id: i64, of: Of) -> Result<Vec<NoteRow>> {
    let mut q = notes::table
        .filter(notes::user_id.eq(user_id))
        .select(NoteRow::as_select())
        .order((notes::modified.desc(), notes::id.desc()))
        .into_boxed();
    match of {
        Of::All => {}
        Of::Contact(c) => q = q.filter(notes::contact_id.eq(c)),
        Of::Deal(d) => q = q.filter(notes::deal_id.eq(d)),
    }
    Ok(q.load(conn)?)
}

pub fn update_message(
    conn: &mut AnyConnection,
    id: i64,
    message: &str,
    now: i64,
) -> Result<NoteRow> {
    Ok(diesel::update(notes::table.filter(notes::id.eq(id)))
        .set((notes::message.eq(message), notes::modified.eq(now)))
        .returning(notes::all_columns)
        .get_result(conn)?)
}

pub fn delete(conn: &mut AnyConnection, user_id: i64, id: i64) -> Result<bool> {
    let n = diesel::delete(
        notes::table
            .filter(notes::user_id.eq(user_id))
            .filter(notes::id.eq(id)),
    )
    .execute(conn)?;
    Ok(n == 1)
}

/// The ids of the notes of each of the given contacts, ascending.
pub fn ids_by_contact(
    conn: &mut AnyConnection,
    contact_ids: &[i64],
) -> Result<HashMap<i64, Vec<i64>>> {
    let mut out: HashMap<i64, Vec<i64>> = HashMap::new();
    for chunk in contact_ids.chunks(500) {
        let rows: Vec<(Option<i64>, i64)> = notes::table
            .filter(notes::contact_id.eq_any(chunk))
            .order((notes::contact_id, notes::id))
            .select((notes::contact_id, notes::id))
            .load(conn)?;
        for (c, id) in rows {
            if let Some(c) = c {
                out.entry(c).or_default().push(id);
            }
        }
    }
    Ok(out)
}

pub fn delete_for_user(conn: &mut AnyConnection, user_id: i64) -> Result<usize> {
    Ok(diesel::delete(notes::table.filter(notes::user_id.eq(user_id))).execute(conn)?)
}

/// The user's notes about the contacts `from`, by id.
pub fn of_contacts(conn: &mut AnyConnection, user_id: i64, from: &[i64]) -> Result<Vec<NoteRow>> {
    Ok(notes::table
        .filter(notes::user_id.eq(user_id))
        .filter(notes::contact_id.eq_any(from))
        .order(notes::id.asc())
        .select(NoteRow::as_select())
        .load(conn)?)
}

/// Moves the user's notes about the contacts `from` to `to`. A note's time is when its
/// message was written, so it stays. Answers them as they are now.
pub fn move_to(
    conn: &mut AnyConnection,
    user_id: i64,
    from: &[i64],
    to: i64,
) -> Result<Vec<NoteRow>> {
    let mut rows: Vec<NoteRow> = diesel::update(
        notes::table
            .filter(notes::user_id.eq(user_id))
            .filter(notes::contact_id.eq_any(from)),
    )
    .set(notes::contact_id.eq(to))
    .returning(notes::all_columns)
    .get_results(conn)?;
    rows.sort_by_key(|r| r.id);
    Ok(rows)
}
