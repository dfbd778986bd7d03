//! Cleanup (2.5.3.2.5–6) and merge (2.5.3.2.7) queries: duplicate basicInfo values through the
//! `(user_id, match_key)` indexes of `basic_infos` and `import_contact_values`, and the
//! basicInfos a merge takes over. What hangs off a merged contact is moved by the store
//! module of its table.

use diesel::prelude::*;
use diesel::sql_types::{BigInt, Text};
use interact_errors::Result;

use crate::schema::basic_infos;
use crate::AnyConnection;

/// The query behind `duplicate_keys`, with `{u}` where the user id is bound and `{bi}` /
/// `{icv}` after the table names for SQLite's `INDEXED BY` (the planner, seeing one user own
/// most rows, would otherwise scan the table). Import contacts count as holders with negated
/// ids, so that they never coincide with a contact's id.
const DUPLICATES_SQL: &str = "SELECT k FROM (\
    SELECT match_key AS k, contact_id AS h FROM basic_infos{bi} \
    WHERE user_id = {u} AND contact_id IS NOT NULL \
    UNION ALL \
    SELECT match_key AS k, -import_contact_id AS h FROM import_contact_values{icv} \
    WHERE user_id = {u}) t \
    GROUP BY k HAVING COUNT(DISTINCT h) > 1 ORDER BY k";

/// The duplicates query for a backend, with its bind marker for the user id (the benchmark
/// shows its plan).
pub fn duplicates_sql(backend: crate::Backend) -> String {
    match backend {
        crate::Backend::Postgres => DUPLICATES_SQL
            .replace("{u}", "$1")
            .replace("{bi}", "")
            .replace("{icv}", ""),
        _ => DUPLICATES_SQL
            .replace("{u}", "?1")
            .replace("{bi}", " INDEXED BY basic_infos_user_key")
            .replace("{icv}", " INDEXED BY import_contact_values_user_key"),
    }
}

#[derive(QueryableByName)]
struct KeyRow {
    #[diesel(sql_type = Text)]
    k: String,
}

/// The normalized values held by more than one of the user's contacts or import contacts,
/// sorted. One pass over the user's part of each `(user_id, match_key)` index, grouped by the
/// key; a contact holding a value twice counts once. Standalone basicInfos (no contact) are
/// not contacts and do not count.
pub fn duplicate_keys(conn: &mut AnyConnection, user_id: i64) -> Result<Vec<String>> {
    let rows: Vec<KeyRow> = match conn {
        AnyConnection::Postgresql(c) => diesel::sql_query(duplicates_sql(crate::Backend::Postgres))
            .bind::<BigInt, _>(user_id)
            .load(c)?,
        AnyConnection::Sqlite(c) => diesel::sql_query(duplicates_sql(crate::Backend::Sqlite))
            .bind::<BigInt, _>(user_id)
            .load(c)?,
    };
    Ok(rows.into_iter().map(|r| r.k).collect())
}

/// The ids of the user's contacts having a basicInfo with any of these match keys, ascending.
pub fn contact_ids_with_keys(
    conn: &mut AnyConnection,
    user_id: i64,
    keys: &[String],
) -> Result<Vec<i64>> {
    let ids: Vec<Option<i64>> = basic_infos::table
        .filter(basic_infos::user_id.eq(user_id))
        .filter(basic_infos::match_key.eq_any(keys))
        .filter(basic_infos::contact_id.is_not_null())
        .select(basic_infos::contact_id)
        .load(conn)?;
    let mut ids: Vec<i64> = ids.into_iter().flatten().collect();
    ids.sort_unstable();
    ids.dedup();
    Ok(ids)
}

/// Detaches the basicInfos among `ids` that belong to one of the contacts `from` (they become
/// standalone), so that a merged contact's list can take them over with their ids.
pub fn release_basic_infos(
    conn: &mut AnyConnection,
    user_id: i64,
    ids: &[i64],
    from: &[i64],
) -> Result<usize> {
    if ids.is_empty() || from.is_empty() {
        return Ok(0);
    }
    Ok(diesel::update(
        basic_infos::table
            .filter(basic_infos::user_id.eq(user_id))
            .filter(basic_infos::id.eq_any(ids))
            .filter(basic_infos::contact_id.eq_any(from)),
    )
    .set(basic_infos::contact_id.eq(None::<i64>))
    .execute(conn)?)
}
