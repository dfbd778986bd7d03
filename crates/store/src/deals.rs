//! Deals (2.5.3.1.46–52): one user's each, optionally related to one of their contacts.

use std::collections::HashMap;

use diesel::prelude::*;
use interact_errors::Result;

use crate::schema::deals;
use crate::AnyConnection;

#[derive(Debug, Clone, Queryable, Selectable, Identifiable)]
#[diesel(table_name = deals)]
pub struct DealRow {
    pub id: i64,
    pub user_id: i64,
    pub contact_id: Option<i64>,
    pub name: String,
    pub value: Option<i64>,
    pub currency: Option<String>,
    pub hot: bool,
    pub source: Option<String>,
    pub stage: Option<String>,
    pub created: i64,
    pub modified: i64,
}

/// The stored fields of a deal, for insert and (with `AsChangeset`, `None` written as NULL)
/// for a full update.
#[derive(Debug, Clone, Insertable, AsChangeset)]
#[diesel(table_name = deals, treat_none_as_null = true)]
pub struct DealFields {
    pub user_id: i64,
    pub contact_id: Option<i64>,
    pub name: String,
    pub value: Option<i64>,
    pub currency: Option<String>,
    pub hot: bool,
    pub source: Option<String>,
    pub stage: Option<String>,
    pub created: i64,
    pub modified: i64,
}

pub fn insert(conn: &mut AnyConnection, fields: &DealFields) -> Result<DealRow> {
    Ok(diesel::insert_into(deals::table)
        .values(fields)
        .returning(deals::all_columns)
        .get_result(conn)?)
}

pub fn find(conn: &mut AnyConnection, user_id: i64, id: i64) -> Result<Option<DealRow>> {
    Ok(deals::table
        .filter(deals::user_id.eq(user_id))
        .filter(deals::id.eq(id))
        .select(DealRow::as_select())
        .first(conn)
        .optional()?)
}

/// The caller's deals, optionally only those of one contact, by id.
pub fn list(conn: &mut AnyConnection, user_id: i64, contact: Option<i64>) -> Result<Vec<DealRow>> {
    let mut q = deals::table
        .filter(deals::user_id.eq(user_id))
        .select(DealRow::as_select())
        .order(deals::id.asc())
        .into_boxed();
    if let Some(c) = contact {
        q = q.filter(deals::contact_id.eq(c));
    }
    Ok(q.load(conn)?)
}

pub fn update(conn: &mut AnyConnection, id: i64, fields: &DealFields) -> Result<DealRow> {
    Ok(diesel::update(deals::table.filter(deals::id.eq(id)))
        .set(fields)
        .returning(deals::all_columns)
        .get_result(conn)?)
}

pub fn delete(conn: &mut AnyConnection, user_id: i64, id: i64) -> Result<bool> {
    let n = diesel::delete(
        deals::table
            .filter(deals::user_id.eq(user_id))
            .filter(deals::id.eq(id)),
    )
    .execute(conn)?;
    Ok(n == 1)
}

/// The names of the user's deals among `ids`.
pub fn names(conn: &mut AnyConnection, user_id: i64, ids: &[i64]) -> Result<HashMap<i64, String>> {
    let mut out = HashMap::new();
    for chunk in ids.chunks(500) {
        let rows: Vec<(i64, String)> = deals::table
            .filter(deals::user_id.eq(user_id))
            .filter(deals::id.eq_any(chunk))
            .select((deals::id, deals::name))
            .load(conn)?;
        out.extend(rows);
    }
    Ok(out)
}

/// The ids of the deals of each of the given contacts, ascending.
pub fn ids_by_contact(
    conn: &mut AnyConnection,
    contact_ids: &[i64],
) -> Result<HashMap<i64, Vec<i64>>> {
    let mut out: HashMap<i64, Vec<i64>> = HashMap::new();
    for chunk in contact_ids.chunks(500) {
        let rows: Vec<(Option<i64>, i64)> = deals::table
            .filter(deals::contact_id.eq_any(chunk))
            .order((deals::contact_id, deals::id))
            .select((deals::contact_id, deals::id))
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
    Ok(diesel::delete(deals::table.filter(deals::user_id.eq(user_id))).execute(conn)?)
}

/// The user's deals of the contacts `from`, by id.
pub fn of_contacts(conn: &mut AnyConnection, user_id: i64, from: &[i64]) -> Result<Vec<DealRow>> {
    Ok(deals::table
        .filter(deals::user_id.eq(user_id))
        .filter(deals::contact_id.eq_any(from))
        .order(deals::id.asc())
        .select(DealRow::as_select())
        .load(conn)?)
}

/// Moves the user's deals of the contacts `from` to `to`; answers them as they are now.
pub fn move_to(
    conn: &mut AnyConnection,
    user_id: i64,
    from: &[i64],
    to: i64,
    now: i64,
) -> Result<Vec<DealRow>> {
    let mut rows: Vec<DealRow> = diesel::update(
        deals::table
            .filter(deals::user_id.eq(user_id))
            .filter(deals::contact_id.eq_any(from)),
    )
    .set((deals::contact_id.eq(to), deals::modified.eq(now)))
    .returning(deals::all_columns)
    .get_results(conn)?;
    rows.sort_by_key(|r| r.id);
    Ok(rows)
}
