//! Deals (2.5.3.1.46–52): one user's each, optionally related to one of their contacts.

use std::collections::HashMap;

use diesel::prelude::*;
use interact_errors::Result;

use crate::idlist::in_ids;
use crate::owned::{contact_queries, owned_deletes, owned_queries, owned_row};
use crate::schema::deals;
use crate::AnyConnection;

owned_row!(
    deals,
    DealRow,
    /// The stored fields of a deal but its owner: a full update (`None` written as NULL).
    DealUpdateForm {
        contact_id: Option<i64>,
        name: String,
        value: Option<i64>,
        currency: Option<String>,
        hot: bool,
        source: Option<String>,
        stage: Option<String>,
        created: i64,
        modified: i64,
    }
);

/// A new deal: its owner and its fields.
#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = deals)]
pub struct DealInsertForm {
    pub user_id: i64,
    #[diesel(embed)]
    pub form: DealUpdateForm,
}

owned_queries!(deals, DealRow, DealInsertForm, DealUpdateForm);
owned_deletes!(deals);
contact_queries!(deals, DealRow);

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

/// The names of the user's deals among `ids`.
pub fn names(conn: &mut AnyConnection, user_id: i64, ids: &[i64]) -> Result<HashMap<i64, String>> {
    let rows: Vec<(i64, String)> = deals::table
        .filter(deals::user_id.eq(user_id))
        .filter(in_ids(deals::id, ids))
        .select((deals::id, deals::name))
        .load(conn)?;
    Ok(rows.into_iter().collect())
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
            .filter(in_ids(deals::contact_id, from)),
    )
    .set((deals::contact_id.eq(to), deals::modified.eq(now)))
    .returning(deals::all_columns)
    .get_results(conn)?;
    rows.sort_by_key(|r| r.id);
    Ok(rows)
}
