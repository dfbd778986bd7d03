//! Notes (2.5.3.1.18–23): one user's each, related to one of their contacts or deals.

use diesel::prelude::*;
use interact_errors::Result;

use crate::idlist::in_ids;
use crate::owned::{contact_queries, owned_deletes, owned_queries};
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

/// A new message (a note stays with what it is about).
#[derive(Debug, AsChangeset)]
#[diesel(table_name = notes)]
pub struct NoteUpdateForm<'a> {
    pub message: &'a str,
    pub modified: i64,
}

owned_queries!(notes, NoteRow, NoteInsertForm, NoteUpdateForm);
owned_deletes!(notes);
contact_queries!(notes, NoteRow);

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
            .filter(in_ids(notes::contact_id, from)),
    )
    .set(notes::contact_id.eq(to))
    .returning(notes::all_columns)
    .get_results(conn)?;
    rows.sort_by_key(|r| r.id);
    Ok(rows)
}
