//! Deleting several of a user's entities by id, all or nothing: every id is checked before any
//! is deleted, so an id that is not the caller's answers its 404 and nothing changes.

use std::collections::HashSet;

use interact_errors::{Action, Realm, Result, Tag};
use interact_store::{activities, AnyConnection};

use crate::Ctx;

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

/// `DELETE /v2/<entities>?ids=…` in one write transaction, all or nothing (see
/// `delete_all_or_nothing`); errors are tagged as deletes of `realm`.
pub(crate) async fn delete_many(
    ctx: &Ctx,
    user_id: i64,
    ids: Vec<i64>,
    realm: Realm,
    check: impl Fn(&mut AnyConnection, i64) -> Result<()> + Send + 'static,
    delete: impl FnMut(&mut AnyConnection, i64) -> Result<()> + Send + 'static,
) -> Result<()> {
    ctx.db
        .write(move |c| delete_all_or_nothing(c, user_id, ids, check, delete))
        .await
        .tag(Action::Delete, realm)
}
