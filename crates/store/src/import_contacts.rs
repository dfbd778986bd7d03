//! Inactive import contacts (migration 000010): records of an external system that failed the
//! import's `nameRequired`/`phoneRequired`/`emailRequired` rules. They are kept apart from
//! contacts (never listed, searched, synced or matched) with their basicInfo values,
//! normalized, in `import_contact_values`, until a merge takes them in or deletes them.

use std::collections::BTreeMap;

use diesel::prelude::*;
use interact_errors::Result;

use crate::schema::{import_contact_values, import_contacts};
use crate::AnyConnection;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = import_contacts)]
pub struct ImportContactRow {
    pub id: i64,
    pub user_id: i64,
    pub external_system: String,
    pub account: String,
    pub external_id: String,
    /// JSON of the contact in the base projection's wire form, without `id`.
    pub contact: String,
    pub created: i64,
    pub modified: i64,
}

/// An import contact to insert, with its basicInfo values as `(match key, value)`.
#[derive(Debug, Clone)]
pub struct NewImportContact<'a> {
    pub user_id: i64,
    pub external_system: &'a str,
    pub account: &'a str,
    pub external_id: &'a str,
    pub contact: &'a str,
    pub values: &'a [(String, String)],
    pub now: i64,
}

// SQLite allows at most 32766 bound parameters; stay well below it.
const CHUNK: usize = 10_000;

/// Inserts an import contact and its values (a key held twice is stored once, with the first
/// value); returns its id.
pub fn insert(conn: &mut AnyConnection, new: &NewImportContact) -> Result<i64> {
    let id: i64 = diesel::insert_into(import_contacts::table)
        .values((
            import_contacts::user_id.eq(new.user_id),
            import_contacts::external_system.eq(new.external_system),
            import_contacts::account.eq(new.account),
            import_contacts::external_id.eq(new.external_id),
            import_contacts::contact.eq(new.contact),
            import_contacts::created.eq(new.now),
            import_contacts::modified.eq(new.now),
        ))
        .returning(import_contacts::id)
        .get_result(conn)?;
    let mut values: BTreeMap<&str, &str> = BTreeMap::new();
    for (key, value) in new.values {
        values.entry(key.as_str()).or_insert(value.as_str());
    }
    for (key, value) in values {
        diesel::insert_into(import_contact_values::table)
            .values((
                import_contact_values::import_contact_id.eq(id),
                import_contact_values::match_key.eq(key),
                import_contact_values::user_id.eq(new.user_id),
                import_contact_values::value.eq(value),
            ))
            .execute(conn)?;
    }
    Ok(id)
}

/// The user's import contacts among `ids` (others' and missing ones skipped), by id.
pub fn find_many(
    conn: &mut AnyConnection,
    user_id: i64,
    ids: &[i64],
) -> Result<Vec<ImportContactRow>> {
    let mut out = Vec::new();
    for chunk in ids.chunks(CHUNK) {
        out.extend(
            import_contacts::table
                .filter(import_contacts::user_id.eq(user_id))
                .filter(import_contacts::id.eq_any(chunk))
                .select(ImportContactRow::as_select())
                .load(conn)?,
        );
    }
    out.sort_by_key(|r| r.id);
    Ok(out)
}

/// The ids of the user's import contacts holding any of these match keys, ascending (through
/// the `(user_id, match_key)` index).
pub fn ids_with_keys(conn: &mut AnyConnection, user_id: i64, keys: &[String]) -> Result<Vec<i64>> {
    let mut ids: Vec<i64> = import_contact_values::table
        .filter(import_contact_values::user_id.eq(user_id))
        .filter(import_contact_values::match_key.eq_any(keys))
        .select(import_contact_values::import_contact_id)
        .load(conn)?;
    ids.sort_unstable();
    ids.dedup();
    Ok(ids)
}

/// Deletes the user's import contacts among `ids` with their values; returns how many.
pub fn delete_many(conn: &mut AnyConnection, user_id: i64, ids: &[i64]) -> Result<usize> {
    let mut n = 0;
    for chunk in ids.chunks(CHUNK) {
        diesel::delete(
            import_contact_values::table
                .filter(import_contact_values::user_id.eq(user_id))
                .filter(import_contact_values::import_contact_id.eq_any(chunk)),
        )
        .execute(conn)?;
        n += diesel::delete(
            import_contacts::table
                .filter(import_contacts::user_id.eq(user_id))
                .filter(import_contacts::id.eq_any(chunk)),
        )
        .execute(conn)?;
    }
    Ok(n)
}

/// Deletes every import contact of a user, with their values.
pub fn delete_for_user(conn: &mut AnyConnection, user_id: i64) -> Result<()> {
    diesel::delete(import_contact_values::table.filter(import_contact_values::user_id.eq(user_id)))
        .execute(conn)?;
    diesel::delete(import_contacts::table.filter(import_contacts::user_id.eq(user_id)))
        .execute(conn)?;
    Ok(())
}
