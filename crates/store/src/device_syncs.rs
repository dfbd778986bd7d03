//! Where each device's offline sync stands: the journal sequence number it has seen and the
//! time of its last sync (2.5.3.2.1, the sync hint of 2.4.3).

use diesel::prelude::*;
use diesel::sql_types::{Array, BigInt, Text};
use interact_errors::Result;

use crate::schema::{activities, device_syncs};
use crate::AnyConnection;

/// Where a device's sync stands.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Cursor {
    /// The user's latest journal sequence number at the last sync (for sync hints; on SQLite
    /// also where the next sync starts).
    pub seq: i64,
    /// PostgreSQL: the snapshot the last sync read the journal in (`pg_current_snapshot()`
    /// as text), and its xmin: every transaction below it had ended. The next sync hands out
    /// the entries of transactions that snapshot did not see. None/0 on SQLite, and for a
    /// device that never synced.
    pub snapshot: Option<String>,
    pub txid: i64,
    /// When the device last synced (ms).
    pub time: i64,
}

/// `(last_seq, last_time)` of a device; `(0, 0)` if it never synced.
pub fn state(conn: &mut AnyConnection, device_id: i64) -> Result<(i64, i64)> {
    let c = cursor(conn, device_id)?;
    Ok((c.seq, c.time))
}

/// A device's cursor; empty if it never synced.
pub fn cursor(conn: &mut AnyConnection, device_id: i64) -> Result<Cursor> {
    Ok(device_syncs::table
        .find(device_id)
        .select((
            device_syncs::last_seq,
            device_syncs::last_snapshot,
            device_syncs::last_txid,
            device_syncs::last_time,
        ))
        .first::<(i64, Option<String>, i64, i64)>(conn)
        .optional()?
        .map(|(seq, snapshot, txid, time)| Cursor {
            seq,
            snapshot,
            txid,
            time,
        })
        .unwrap_or_default())
}

pub fn save(conn: &mut AnyConnection, device_id: i64, user_id: i64, c: &Cursor) -> Result<()> {
    // MultiConnection has no upsert; a device syncs from one place at a time.
    let updated = diesel::update(device_syncs::table.find(device_id))
        .set((
            device_syncs::last_seq.eq(c.seq),
            device_syncs::last_snapshot.eq(c.snapshot.as_deref()),
            device_syncs::last_txid.eq(c.txid),
            device_syncs::last_time.eq(c.time),
        ))
        .execute(conn)?;
    if updated == 0 {
        diesel::insert_into(device_syncs::table)
            .values((
                device_syncs::device_id.eq(device_id),
                device_syncs::user_id.eq(user_id),
                device_syncs::last_seq.eq(c.seq),
                device_syncs::last_snapshot.eq(c.snapshot.as_deref()),
                device_syncs::last_txid.eq(c.txid),
                device_syncs::last_time.eq(c.time),
            ))
            .execute(conn)?;
    }
    Ok(())
}

#[derive(QueryableByName)]
struct Snapshot {
    #[diesel(sql_type = Text)]
    snapshot: String,
    #[diesel(sql_type = BigInt)]
    xmin: i64,
}

/// PostgreSQL: makes the calling transaction read one snapshot throughout (REPEATABLE READ)
/// and answers it with its xmin, so that the journal read in it and the snapshot saved
/// as the device's cursor are the same. Call it first in the transaction. None on SQLite,
/// whose read transactions see one snapshot anyway.
pub fn begin_snapshot(conn: &mut AnyConnection) -> Result<Option<(String, i64)>> {
    match conn {
        AnyConnection::Postgresql(pg) => {
            diesel::sql_query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
                .execute(pg)?;
            let s: Snapshot = diesel::sql_query(
                "SELECT pg_current_snapshot()::text AS snapshot, \
                 pg_snapshot_xmin(pg_current_snapshot())::text::bigint AS xmin",
            )
            .get_result(pg)?;
            Ok(Some((s.snapshot, s.xmin)))
        }
        AnyConnection::Sqlite(_) => Ok(None),
    }
}

#[derive(QueryableByName)]
struct Key {
    #[diesel(sql_type = Text)]
    entity_type: String,
    #[diesel(sql_type = BigInt)]
    entity_id: i64,
}

/// The entities `(entity type, id)` of these types whose journal entries a sync from `from`
/// hands out, plus those changed at or after `since` (a `since` earlier than the last sync).
///
/// PostgreSQL: the entries of the transactions `from.snapshot` did not see (committed after
/// it, or running then) — exactly what the last sync could not hand out, whatever order the
/// writers committed in. Entries written before transaction ids were recorded carry 0 and
/// count by sequence number. SQLite: entries after `from.seq` (one writer: committed in
/// sequence order).
pub fn changed_since(
    conn: &mut AnyConnection,
    user_id: i64,
    from: &Cursor,
    since: Option<i64>,
    types: &[&str],
) -> Result<Vec<(String, i64)>> {
    let since = since.unwrap_or(i64::MAX);
    let types: Vec<String> = types.iter().map(|t| t.to_string()).collect();
    if let AnyConnection::Postgresql(pg) = conn {
        let keys: Vec<Key> = match &from.snapshot {
            Some(snapshot) => diesel::sql_query(
                "SELECT DISTINCT entity_type, entity_id FROM activities \
                 WHERE user_id = $1 AND entity_type = ANY($2) AND \
                 ((txid >= $3 AND NOT pg_visible_in_snapshot(txid::text::xid8, $4::pg_snapshot)) \
                  OR time >= $5) \
                 ORDER BY entity_type, entity_id",
            )
            .bind::<BigInt, _>(user_id)
            .bind::<Array<Text>, _>(types.clone())
            .bind::<BigInt, _>(from.txid)
            .bind::<Text, _>(snapshot)
            .bind::<BigInt, _>(since)
            .load(pg)?,
            None => diesel::sql_query(
                "SELECT DISTINCT entity_type, entity_id FROM activities \
                 WHERE user_id = $1 AND entity_type = ANY($2) AND \
                 (txid > 0 OR id > $3 OR time >= $4) \
                 ORDER BY entity_type, entity_id",
            )
            .bind::<BigInt, _>(user_id)
            .bind::<Array<Text>, _>(types.clone())
            .bind::<BigInt, _>(from.seq)
            .bind::<BigInt, _>(since)
            .load(pg)?,
        };
        return Ok(keys
            .into_iter()
            .map(|k| (k.entity_type, k.entity_id))
            .collect());
    }
    Ok(activities::table
        .filter(activities::user_id.eq(user_id))
        .filter(activities::entity_type.eq_any(&types))
        .filter(activities::id.gt(from.seq).or(activities::time.ge(since)))
        .select((activities::entity_type, activities::entity_id))
        .distinct()
        .order((activities::entity_type.asc(), activities::entity_id.asc()))
        .load(conn)?)
}

/// The user's latest journal sequence number (0 if none).
pub fn latest_seq(conn: &mut AnyConnection, user_id: i64) -> Result<i64> {
    Ok(activities::table
        .filter(activities::user_id.eq(user_id))
        .select(diesel::dsl::max(activities::id))
        .first::<Option<i64>>(conn)?
        .unwrap_or(0))
}

/// The latest journal sequence number of each of these users that has one.
pub fn latest_seqs(conn: &mut AnyConnection, user_ids: &[i64]) -> Result<Vec<(i64, i64)>> {
    let rows: Vec<(i64, Option<i64>)> = activities::table
        .filter(activities::user_id.eq_any(user_ids))
        .group_by(activities::user_id)
        .select((activities::user_id, diesel::dsl::max(activities::id)))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .filter_map(|(u, m)| m.map(|m| (u, m)))
        .collect())
}

pub fn delete_for_user(conn: &mut AnyConnection, user_id: i64) -> Result<usize> {
    Ok(
        diesel::delete(device_syncs::table.filter(device_syncs::user_id.eq(user_id)))
            .execute(conn)?,
    )
}
