//! Contact pictures (2.5.3.1.12–17): one user's each, of one of their contacts. Uploaded
//! pictures keep their bytes in `picture_data`; imported ones only an external url.

use std::collections::HashMap;

use diesel::prelude::*;
use interact_errors::Result;

use crate::schema::{picture_data, pictures};
use crate::AnyConnection;

/// Most ids one `IN (…)` carries.
const CHUNK: usize = 500;

/// Also read from the contact read's JSON arrays (`contacts::load`), by position: the fields
/// are in the order of that statement's `json_array`.
#[derive(Debug, Clone, Queryable, Selectable, Identifiable, serde::Deserialize)]
#[diesel(table_name = pictures)]
pub struct PictureRow {
    pub id: i64,
    pub user_id: i64,
    pub contact_id: i64,
    pub type_: String,
    pub is_default: bool,
    pub url: Option<String>,
    pub content_type: Option<String>,
    pub byte_size: Option<i64>,
    pub digest: Option<String>,
    pub created: i64,
    pub modified: i64,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = pictures)]
pub struct PictureInsertForm<'a> {
    pub user_id: i64,
    pub contact_id: i64,
    pub type_: &'a str,
    pub is_default: bool,
    pub url: Option<&'a str>,
    pub content_type: Option<&'a str>,
    pub byte_size: Option<i64>,
    pub digest: Option<&'a str>,
    pub created: i64,
    pub modified: i64,
}

/// The bytes of an uploaded picture and what describes them.
#[derive(Debug, Clone, Copy)]
pub struct Upload<'a> {
    pub content_type: &'a str,
    pub digest: &'a str,
    pub bytes: &'a [u8],
}

/// Inserts a picture; with `upload`, its bytes too.
pub fn insert(
    conn: &mut AnyConnection,
    form: &PictureInsertForm,
    upload: Option<Upload<'_>>,
) -> Result<PictureRow> {
    let row: PictureRow = diesel::insert_into(pictures::table)
        .values(form)
        .returning(pictures::all_columns)
        .get_result(conn)?;
    if let Some(u) = upload {
        diesel::insert_into(picture_data::table)
            .values((
                picture_data::picture_id.eq(row.id),
                picture_data::bytes.eq(u.bytes),
            ))
            .execute(conn)?;
    }
    Ok(row)
}

pub fn find(conn: &mut AnyConnection, user_id: i64, id: i64) -> Result<Option<PictureRow>> {
    Ok(pictures::table
        .filter(pictures::user_id.eq(user_id))
        .filter(pictures::id.eq(id))
        .select(PictureRow::as_select())
        .first(conn)
        .optional()?)
}

/// The pictures of one of the user's contacts, ascending by id.
pub fn of_contact(
    conn: &mut AnyConnection,
    user_id: i64,
    contact_id: i64,
) -> Result<Vec<PictureRow>> {
    Ok(pictures::table
        .filter(pictures::user_id.eq(user_id))
        .filter(pictures::contact_id.eq(contact_id))
        .order(pictures::id)
        .select(PictureRow::as_select())
        .load(conn)?)
}

/// The pictures of each of the given contacts, ascending by id (one query per 500 contacts).
pub fn by_contact(
    conn: &mut AnyConnection,
    contact_ids: &[i64],
) -> Result<HashMap<i64, Vec<PictureRow>>> {
    let mut out: HashMap<i64, Vec<PictureRow>> = HashMap::new();
    for chunk in contact_ids.chunks(CHUNK) {
        let rows: Vec<PictureRow> = pictures::table
            .filter(pictures::contact_id.eq_any(chunk))
            .order((pictures::contact_id, pictures::id))
            .select(PictureRow::as_select())
            .load(conn)?;
        for r in rows {
            out.entry(r.contact_id).or_default().push(r);
        }
    }
    Ok(out)
}

/// The contact's default picture, if it has one.
pub fn default_of(conn: &mut AnyConnection, contact_id: i64) -> Result<Option<PictureRow>> {
    Ok(pictures::table
        .filter(pictures::contact_id.eq(contact_id))
        .filter(pictures::is_default.eq(true))
        .select(PictureRow::as_select())
        .first(conn)
        .optional()?)
}

/// Sets or clears a picture's default flag. Clear the contact's old default first: at most one
/// default per contact is a unique index.
pub fn set_default(
    conn: &mut AnyConnection,
    id: i64,
    is_default: bool,
    now: i64,
) -> Result<PictureRow> {
    Ok(diesel::update(pictures::table.filter(pictures::id.eq(id)))
        .set((
            pictures::is_default.eq(is_default),
            pictures::modified.eq(now),
        ))
        .returning(pictures::all_columns)
        .get_result(conn)?)
}

/// Replaces the bytes of an uploaded picture.
pub fn replace_upload(
    conn: &mut AnyConnection,
    id: i64,
    upload: Upload<'_>,
    now: i64,
) -> Result<PictureRow> {
    let row = diesel::update(pictures::table.filter(pictures::id.eq(id)))
        .set((
            pictures::content_type.eq(upload.content_type),
            pictures::byte_size.eq(upload.bytes.len() as i64),
            pictures::digest.eq(upload.digest),
            pictures::modified.eq(now),
        ))
        .returning(pictures::all_columns)
        .get_result(conn)?;
    let n = diesel::update(picture_data::table.filter(picture_data::picture_id.eq(id)))
        .set(picture_data::bytes.eq(upload.bytes))
        .execute(conn)?;
    if n == 0 {
        diesel::insert_into(picture_data::table)
            .values((
                picture_data::picture_id.eq(id),
                picture_data::bytes.eq(upload.bytes),
            ))
            .execute(conn)?;
    }
    Ok(row)
}

/// The bytes of an uploaded picture.
pub fn bytes_of(conn: &mut AnyConnection, id: i64) -> Result<Option<Vec<u8>>> {
    Ok(picture_data::table
        .filter(picture_data::picture_id.eq(id))
        .select(picture_data::bytes)
        .first(conn)
        .optional()?)
}

/// Deletes one of the user's pictures with its bytes.
pub fn delete(conn: &mut AnyConnection, user_id: i64, id: i64) -> Result<bool> {
    diesel::delete(picture_data::table.filter(picture_data::picture_id.eq(id))).execute(conn)?;
    let n = diesel::delete(
        pictures::table
            .filter(pictures::user_id.eq(user_id))
            .filter(pictures::id.eq(id)),
    )
    .execute(conn)?;
    Ok(n == 1)
}

/// Deletes every picture of a user, bytes first.
pub fn delete_for_user(conn: &mut AnyConnection, user_id: i64) -> Result<usize> {
    let ids = pictures::table
        .filter(pictures::user_id.eq(user_id))
        .select(pictures::id);
    diesel::delete(picture_data::table.filter(picture_data::picture_id.eq_any(ids)))
        .execute(conn)?;
    Ok(diesel::delete(pictures::table.filter(pictures::user_id.eq(user_id))).execute(conn)?)
}

/// Moves the user's pictures of the contacts `from` to `to`; answers their ids, ascending.
/// A contact has at most one default picture (a partial unique index): if `to` has one, the
/// moved pictures lose theirs; if not, the default of the first contact in `from` that has
/// one stays the default and the others lose theirs. Defaults are cleared before the move.
pub fn move_to(
    conn: &mut AnyConnection,
    user_id: i64,
    from: &[i64],
    to: i64,
    now: i64,
) -> Result<Vec<i64>> {
    let target_has_default = pictures::table
        .filter(pictures::contact_id.eq(to))
        .filter(pictures::is_default.eq(true))
        .select(pictures::id)
        .first::<i64>(conn)
        .optional()?
        .is_some();
    let defaults: Vec<(i64, i64)> = pictures::table
        .filter(pictures::user_id.eq(user_id))
        .filter(pictures::contact_id.eq_any(from))
        .filter(pictures::is_default.eq(true))
        .select((pictures::id, pictures::contact_id))
        .load(conn)?;
    let keep = if target_has_default {
        None
    } else {
        from.iter().find_map(|c| {
            defaults
                .iter()
                .find(|(_, owner)| owner == c)
                .map(|(id, _)| *id)
        })
    };
    let clear: Vec<i64> = defaults
        .iter()
        .map(|(id, _)| *id)
        .filter(|id| Some(*id) != keep)
        .collect();
    if !clear.is_empty() {
        diesel::update(pictures::table.filter(pictures::id.eq_any(&clear)))
            .set((pictures::is_default.eq(false), pictures::modified.eq(now)))
            .execute(conn)?;
    }
    let mut ids: Vec<i64> = diesel::update(
        pictures::table
            .filter(pictures::user_id.eq(user_id))
            .filter(pictures::contact_id.eq_any(from)),
    )
    .set((pictures::contact_id.eq(to), pictures::modified.eq(now)))
    .returning(pictures::id)
    .get_results(conn)?;
    ids.sort_unstable();
    Ok(ids)
}
