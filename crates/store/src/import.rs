//! Imports from external systems (2.5.3.2.3–4): which contact an external record became
//! (`contact_sources`), the records kept apart because they failed the required-field rules
//! (`import_contacts` with their normalized values), the per-account state of imports
//! (`import_accounts`), and the pictures an import attaches to contacts (rows of `pictures`
//! whose type is the external system's, never `interact`).

use std::collections::HashMap;

use diesel::prelude::*;
use interact_errors::Result;

use crate::schema::{
    contact_sources, contacts, import_accounts, import_contact_values, import_contacts, pictures,
};
use crate::AnyConnection;

// SQLite allows at most 32766 bound parameters; stay well below it.
const CHUNK: usize = 5_000;

/// One external account of one user: `(external_system, account)`.
#[derive(Debug, Clone, Copy)]
pub struct Account<'a> {
    pub user_id: i64,
    pub system: &'a str,
    pub account: &'a str,
}

/// The contacts earlier imports of this account made: external id → contact id.
pub fn sources(conn: &mut AnyConnection, a: Account) -> Result<HashMap<String, i64>> {
    let rows: Vec<(String, i64)> = contact_sources::table
        .filter(contact_sources::user_id.eq(a.user_id))
        .filter(contact_sources::external_system.eq(a.system))
        .filter(contact_sources::account.eq(a.account))
        .select((contact_sources::external_id, contact_sources::contact_id))
        .load(conn)?;
    Ok(rows.into_iter().collect())
}

/// The contacts earlier imports of this account made for these external ids.
pub fn sources_among(
    conn: &mut AnyConnection,
    a: Account,
    external_ids: &[&str],
) -> Result<HashMap<String, i64>> {
    let mut out = HashMap::new();
    for chunk in external_ids.chunks(CHUNK) {
        let rows: Vec<(String, i64)> = contact_sources::table
            .filter(contact_sources::user_id.eq(a.user_id))
            .filter(contact_sources::external_system.eq(a.system))
            .filter(contact_sources::account.eq(a.account))
            .filter(contact_sources::external_id.eq_any(chunk))
            .select((contact_sources::external_id, contact_sources::contact_id))
            .load(conn)?;
        out.extend(rows);
    }
    Ok(out)
}

/// Records that `contact_id` is the external record `external_id` of the account.
pub fn insert_source(
    conn: &mut AnyConnection,
    a: Account,
    external_id: &str,
    contact_id: i64,
) -> Result<()> {
    diesel::insert_into(contact_sources::table)
        .values((
            contact_sources::contact_id.eq(contact_id),
            contact_sources::user_id.eq(a.user_id),
            contact_sources::external_system.eq(a.system),
            contact_sources::account.eq(a.account),
            contact_sources::external_id.eq(external_id),
        ))
        .execute(conn)?;
    Ok(())
}

/// Records that these contacts are the external records of the account: `(external id,
/// contact id)`, in multi-row statements.
pub fn insert_sources(conn: &mut AnyConnection, a: Account, list: &[(&str, i64)]) -> Result<()> {
    let rows: Vec<_> = list
        .iter()
        .map(|(external_id, contact_id)| {
            (
                contact_sources::contact_id.eq(*contact_id),
                contact_sources::user_id.eq(a.user_id),
                contact_sources::external_system.eq(a.system),
                contact_sources::account.eq(a.account),
                contact_sources::external_id.eq(*external_id),
            )
        })
        .collect();
    crate::contacts::batch_insert!(conn, contact_sources::table, rows);
    Ok(())
}

/// The user's oldest organization contact of each of these names (exact), by name.
pub fn organizations_named(
    conn: &mut AnyConnection,
    user_id: i64,
    names: &[&str],
) -> Result<HashMap<String, i64>> {
    let mut out: HashMap<String, i64> = HashMap::new();
    for chunk in names.chunks(CHUNK) {
        let rows: Vec<(i64, Option<String>)> = contacts::table
            .filter(contacts::user_id.eq(user_id))
            .filter(contacts::contact_type.eq("organization"))
            .filter(contacts::organization_name.eq_any(chunk))
            .select((contacts::id, contacts::organization_name))
            .order(contacts::id)
            .load(conn)?;
        for (id, name) in rows {
            if let Some(name) = name {
                out.entry(name).or_insert(id);
            }
        }
    }
    Ok(out)
}

pub use crate::import_contacts::ImportContactRow;

/// The import contacts of this account: external id → row.
pub fn import_contacts_of(
    conn: &mut AnyConnection,
    a: Account,
) -> Result<HashMap<String, ImportContactRow>> {
    let rows: Vec<ImportContactRow> = import_contacts::table
        .filter(import_contacts::user_id.eq(a.user_id))
        .filter(import_contacts::external_system.eq(a.system))
        .filter(import_contacts::account.eq(a.account))
        .select(ImportContactRow::as_select())
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|r| (r.external_id.clone(), r))
        .collect())
}

/// The import contacts of this account for these external ids.
pub fn import_contacts_among(
    conn: &mut AnyConnection,
    a: Account,
    external_ids: &[&str],
) -> Result<HashMap<String, ImportContactRow>> {
    let mut out = HashMap::new();
    for chunk in external_ids.chunks(CHUNK) {
        let rows: Vec<ImportContactRow> = import_contacts::table
            .filter(import_contacts::user_id.eq(a.user_id))
            .filter(import_contacts::external_system.eq(a.system))
            .filter(import_contacts::account.eq(a.account))
            .filter(import_contacts::external_id.eq_any(chunk))
            .select(ImportContactRow::as_select())
            .load(conn)?;
        out.extend(rows.into_iter().map(|r| (r.external_id.clone(), r)));
    }
    Ok(out)
}

crate::owned::owned_find_by!(
    /// The user's import contact with this id.
    find_import_contact, import_contacts, id: i64, ImportContactRow
);

pub fn insert_import_contact(
    conn: &mut AnyConnection,
    a: Account,
    external_id: &str,
    contact: &str,
    now: i64,
) -> Result<ImportContactRow> {
    Ok(diesel::insert_into(import_contacts::table)
        .values((
            import_contacts::user_id.eq(a.user_id),
            import_contacts::external_system.eq(a.system),
            import_contacts::account.eq(a.account),
            import_contacts::external_id.eq(external_id),
            import_contacts::contact.eq(contact),
            import_contacts::created.eq(now),
            import_contacts::modified.eq(now),
        ))
        .returning(import_contacts::all_columns)
        .get_result(conn)?)
}

pub fn update_import_contact(
    conn: &mut AnyConnection,
    id: i64,
    contact: &str,
    now: i64,
) -> Result<()> {
    diesel::update(import_contacts::table.filter(import_contacts::id.eq(id)))
        .set((
            import_contacts::contact.eq(contact),
            import_contacts::modified.eq(now),
        ))
        .execute(conn)?;
    Ok(())
}

/// Deletes an import contact and its values.
pub fn delete_import_contact(conn: &mut AnyConnection, id: i64) -> Result<()> {
    diesel::delete(
        import_contact_values::table.filter(import_contact_values::import_contact_id.eq(id)),
    )
    .execute(conn)?;
    diesel::delete(import_contacts::table.filter(import_contacts::id.eq(id))).execute(conn)?;
    Ok(())
}

/// Replaces an import contact's values: `(match_key, value)`, one per key (the first value of
/// a key wins).
pub fn set_import_values(
    conn: &mut AnyConnection,
    id: i64,
    user_id: i64,
    values: &[(String, String)],
) -> Result<()> {
    diesel::delete(
        import_contact_values::table.filter(import_contact_values::import_contact_id.eq(id)),
    )
    .execute(conn)?;
    let mut seen = std::collections::HashSet::new();
    for (key, value) in values {
        if key.is_empty() || !seen.insert(key.as_str()) {
            continue;
        }
        diesel::insert_into(import_contact_values::table)
            .values((
                import_contact_values::import_contact_id.eq(id),
                import_contact_values::match_key.eq(key),
                import_contact_values::user_id.eq(user_id),
                import_contact_values::value.eq(value),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// The last import of an account: its time and the connector's sync token.
pub fn account_state(
    conn: &mut AnyConnection,
    a: Account,
) -> Result<Option<(i64, Option<String>)>> {
    Ok(import_accounts::table
        .filter(import_accounts::user_id.eq(a.user_id))
        .filter(import_accounts::external_system.eq(a.system))
        .filter(import_accounts::account.eq(a.account))
        .select((import_accounts::last_import, import_accounts::sync_token))
        .first(conn)
        .optional()?)
}

/// Stores the time and sync token of an import of the account.
pub fn save_account_state(
    conn: &mut AnyConnection,
    a: Account,
    last_import: i64,
    sync_token: Option<&str>,
) -> Result<()> {
    let n = diesel::update(
        import_accounts::table
            .filter(import_accounts::user_id.eq(a.user_id))
            .filter(import_accounts::external_system.eq(a.system))
            .filter(import_accounts::account.eq(a.account)),
    )
    .set((
        import_accounts::last_import.eq(last_import),
        import_accounts::sync_token.eq(sync_token),
    ))
    .execute(conn)?;
    if n == 0 {
        diesel::insert_into(import_accounts::table)
            .values((
                import_accounts::user_id.eq(a.user_id),
                import_accounts::external_system.eq(a.system),
                import_accounts::account.eq(a.account),
                import_accounts::last_import.eq(last_import),
                import_accounts::sync_token.eq(sync_token),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// A picture an import attached to a contact (type = the external system).
#[derive(Debug, Clone, PartialEq, Eq, Queryable)]
pub struct ImportedPicture {
    pub id: i64,
    pub type_: String,
    pub url: Option<String>,
    pub is_default: bool,
}

/// The pictures of a contact whose type is not `interact` (the ones imports own).
pub fn imported_pictures(
    conn: &mut AnyConnection,
    contact_id: i64,
) -> Result<Vec<ImportedPicture>> {
    Ok(pictures::table
        .filter(pictures::contact_id.eq(contact_id))
        .filter(pictures::type_.ne("interact"))
        .order(pictures::id.asc())
        .select((
            pictures::id,
            pictures::type_,
            pictures::url,
            pictures::is_default,
        ))
        .load(conn)?)
}

/// Whether the contact has a default picture of any type.
pub fn has_default_picture(conn: &mut AnyConnection, contact_id: i64) -> Result<bool> {
    let n: i64 = pictures::table
        .filter(pictures::contact_id.eq(contact_id))
        .filter(pictures::is_default.eq(true))
        .count()
        .get_result(conn)?;
    Ok(n > 0)
}

pub fn insert_picture(
    conn: &mut AnyConnection,
    user_id: i64,
    contact_id: i64,
    type_: &str,
    url: &str,
    is_default: bool,
    now: i64,
) -> Result<i64> {
    Ok(diesel::insert_into(pictures::table)
        .values((
            pictures::user_id.eq(user_id),
            pictures::contact_id.eq(contact_id),
            pictures::type_.eq(type_),
            pictures::is_default.eq(is_default),
            pictures::url.eq(url),
            pictures::created.eq(now),
            pictures::modified.eq(now),
        ))
        .returning(pictures::id)
        .get_result(conn)?)
}

/// Deletes an imported picture (never an `interact` one).
pub fn delete_imported_picture(conn: &mut AnyConnection, id: i64) -> Result<()> {
    diesel::delete(
        pictures::table
            .filter(pictures::id.eq(id))
            .filter(pictures::type_.ne("interact")),
    )
    .execute(conn)?;
    Ok(())
}

/// Deletes every import record of a user (sources go with their contacts too, but a wipe
/// deletes them first so nothing depends on the order).
pub fn delete_for_user(conn: &mut AnyConnection, user_id: i64) -> Result<()> {
    diesel::delete(import_contact_values::table.filter(import_contact_values::user_id.eq(user_id)))
        .execute(conn)?;
    diesel::delete(import_contacts::table.filter(import_contacts::user_id.eq(user_id)))
        .execute(conn)?;
    diesel::delete(contact_sources::table.filter(contact_sources::user_id.eq(user_id)))
        .execute(conn)?;
    diesel::delete(import_accounts::table.filter(import_accounts::user_id.eq(user_id)))
        .execute(conn)?;
    Ok(())
}

/// Loads many import contacts by id (the caller's only), in chunks.
pub fn import_contacts_by_id(
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
    Ok(out)
}
