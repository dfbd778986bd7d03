//! Inactive import contacts (migration 000010): records of an external system that failed the
//! import's `nameRequired`/`phoneRequired`/`emailRequired` rules. They are kept apart from
//! contacts (never listed, searched, synced or matched) with their basicInfo values,
//! normalized, in `import_contact_values`, until a merge takes them in or deletes them.
//! These are the reads of cleanup and merge; `crate::import` writes them.

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

// SQLite allows at most 32766 bound parameters; stay well below it.
const CHUNK: usize = 10_000;

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
