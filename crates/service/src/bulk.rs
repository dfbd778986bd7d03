//! Deleting several of a user's entities by id, all or nothing: every id is checked before any
//! is deleted, so an id that is not the caller's answers its 404 and nothing changes.

use std::collections::HashSet;

use interact_errors::{Action, Error, Realm, Result, Tag};
use interact_store::AnyConnection;

use crate::auth::Principal;
use crate::Ctx;

/// Runs inside a write transaction. `check` answers the entity's 404 for an id that is not
/// the user's; `delete` deletes (and journals) one entity. Duplicate ids count once.
pub(crate) fn delete_all_or_nothing(
    conn: &mut AnyConnection,
    ids: Vec<i64>,
    check: impl Fn(&mut AnyConnection, i64) -> Result<()>,
    mut delete: impl FnMut(&mut AnyConnection, i64) -> Result<()>,
) -> Result<()> {
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
    ids: Vec<i64>,
    realm: Realm,
    check: impl Fn(&mut AnyConnection, i64) -> Result<()> + Send + 'static,
    delete: impl FnMut(&mut AnyConnection, i64) -> Result<()> + Send + 'static,
) -> Result<()> {
    ctx.db
        .write(move |c| delete_all_or_nothing(c, ids, check, delete))
        .await
        .tag(Action::Delete, realm)
}

/// One kind of a user's simple entities (notes, deals, tasks): what their deletes share.
pub(crate) struct Owned<R> {
    /// The realm of the delete's errors.
    pub realm: Realm,
    /// Reads one of the user's entities: `(conn, user_id, id)` (`store::find`).
    pub find: fn(&mut AnyConnection, i64, i64) -> Result<Option<R>>,
    /// The kind's 404 for an id that is not the user's.
    pub not_found: fn(i64) -> Error,
    /// Deletes one entity and journals it: `(conn, user_id, id, now)`.
    pub delete_in: fn(&mut AnyConnection, i64, i64, i64) -> Result<()>,
}

impl<R: 'static> Owned<R> {
    pub(crate) const fn new(
        realm: Realm,
        find: fn(&mut AnyConnection, i64, i64) -> Result<Option<R>>,
        not_found: fn(i64) -> Error,
        delete_in: fn(&mut AnyConnection, i64, i64, i64) -> Result<()>,
    ) -> Self {
        Owned {
            realm,
            find,
            not_found,
            delete_in,
        }
    }

    /// `DELETE /v2/<entities>/:id` and `DELETE /v2/<entities>?ids=…`: all or nothing, an id
    /// that is not the caller's answers the kind's 404 and nothing is deleted.
    pub(crate) async fn delete_many(
        &self,
        ctx: &Ctx,
        who: &Principal,
        ids: Vec<i64>,
    ) -> Result<()> {
        let (user_id, now) = (who.user_id, ctx.clock.now_ms());
        let (find, not_found, delete_in) = (self.find, self.not_found, self.delete_in);
        delete_many(
            ctx,
            ids,
            self.realm,
            move |c, id| find(c, user_id, id)?.map(drop).ok_or_else(|| not_found(id)),
            move |c, id| delete_in(c, user_id, id, now),
        )
        .await
    }
}
