//! Where each device's offline sync stands: the journal sequence number it has seen and the
//! time of its last sync (2.5.3.2.1, the sync hint of 2.4.3).

use diesel::prelude::*;
use interact_errors::Result;

use crate::schema::{activities, device_syncs};
use crate::AnyConnection;

/// `(last_seq, last_time)` of a device; `(0, 0)` if it never synced.
pub fn state(conn: &mut AnyConnection, device_id: i64) -> Result<(i64, i64)> {
    Ok(device_syncs::table
        .find(device_id)
        .select((device_syncs::last_seq, device_syncs::last_time))
        .first(conn)
        .optional()?
        .unwrap_or((0, 0)))
}

pub fn save(
    conn: &mut AnyConnection,
    device_id: i64,
    user_id: i64,
    seq: i64,
    time: i64,
) -> Result<()> {
    // MultiConnection has no upsert; a device syncs from one place at a time.
    let updated = diesel::update(device_syncs::table.find(device_id))
        .set((
            device_syncs::last_seq.eq(seq),
            device_syncs::last_time.eq(time),
        ))
        .execute(conn)?;
    if updated == 0 {
        diesel::insert_into(device_syncs::table)
            .values((
                device_syncs::device_id.eq(device_id),
                device_syncs::user_id.eq(user_id),
                device_syncs::last_seq.eq(seq),
                device_syncs::last_time.eq(time),
            ))
            .execute(conn)?;
    }
    Ok(())
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

/// A journal entry as sync reads it: `(seq, action, entityType, entityId, newState, time)`.
pub type Change = (i64, String, String, i64, Option<String>, i64);

/// The user's journal entries in `(after_seq, up_to]` of these entity types, oldest first.
pub fn changes_since(
    conn: &mut AnyConnection,
    user_id: i64,
    after_seq: i64,
    up_to: i64,
    types: &[&str],
) -> Result<Vec<Change>> {
    Ok(activities::table
        .filter(activities::user_id.eq(user_id))
        .filter(activities::id.gt(after_seq))
        .filter(activities::id.le(up_to))
        .filter(activities::entity_type.eq_any(types))
        .order(activities::id.asc())
        .select((
            activities::id,
            activities::action,
            activities::entity_type,
            activities::entity_id,
            activities::new_state,
            activities::time,
        ))
        .load(conn)?)
}

/// The sequence number just before the user's first journal entry at or after `time`: a
/// cursor from a time (the document's `since`).
pub fn seq_before_time(conn: &mut AnyConnection, user_id: i64, time: i64) -> Result<i64> {
    let first: Option<i64> = activities::table
        .filter(activities::user_id.eq(user_id))
        .filter(activities::time.ge(time))
        .select(diesel::dsl::min(activities::id))
        .first(conn)?;
    Ok(match first {
        Some(id) => id - 1,
        None => latest_seq(conn, user_id)?,
    })
}

pub fn delete_for_user(conn: &mut AnyConnection, user_id: i64) -> Result<usize> {
    Ok(
        diesel::delete(device_syncs::table.filter(device_syncs::user_id.eq(user_id)))
            .execute(conn)?,
    )
}
