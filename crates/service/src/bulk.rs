//! Deleting several of a user's entities by id, all or nothing: every id is checked before any
//! is deleted, so an id that is not the caller's answers its 404 and nothing changes.

use std::collections::HashSet;

use interact_errors::Result;
use interact_store::{activities, AnyConnection};

/// Runs inside a write transaction. `check` answers the entity's 404 for an id that is not
/// the user's; `delete` deletes (and journals) one entity. Duplicate ids count once.
pub(crate) fn delete_all_or_nothing(
    conn: &mut AnyConnection,
    user_id: i64,
    ids: Vec<i64>,
    check: impl Fn(&mut AnyConnection, i64) -> Result<()>,
    mut delete: impl FnMut(&mut AnyConnection, i64) -> Result<()>,
) -> Result<()> {
    // First, so that a concurrent change of the same user's data (which takes the same lock)
    // is seen committed by the checks below.
    activities::lock_user_journal(conn, user_id)?;
    let mut seen = HashSet::new();
    let unique: Vec<i64> = ids.into_iter().filter(|i| seen.insert(*i)).collect();
    for id in &unique {
        check(conn, *id)?;
    }
    for id in unique {
        delete(conn, id)?;
    }
    Ok(())
}
