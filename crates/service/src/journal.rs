//! The change journal: every create, update and delete of a user's entity records one activity
//! with the entity's old and new state, in the transaction of the change (call `record` inside
//! the `Db::write` closure). `GET /v2/activities` and sync read it.

use std::collections::HashMap;
use std::sync::Arc;

use interact_domain::activities::{Activity, ActivityActor};
use interact_domain::{ListPage, Page};
use interact_errors::{Action, Realm, Result, Tag};
use interact_store::{activities, AnyConnection};
use serde::Serialize;

use crate::auth::Principal;
use crate::journal_cache::{JournalCache, Kept};
use crate::Ctx;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    Insert,
    Update,
    Delete,
}

impl Change {
    pub fn as_str(self) -> &'static str {
        match self {
            Change::Insert => "insert",
            Change::Update => "update",
            Change::Delete => "delete",
        }
    }
}

/// One change to record.
pub struct Entry<'a, T: Serialize> {
    /// Whose data changed.
    pub user_id: i64,
    /// Who changed it.
    pub actor_id: i64,
    pub change: Change,
    pub entity_type: &'a str,
    pub entity_id: i64,
    pub old: Option<&'a T>,
    pub new: Option<&'a T>,
    pub time: i64,
}

/// Appends the entry to the journal; returns its sequence number.
pub fn record<T: Serialize>(conn: &mut AnyConnection, e: Entry<'_, T>) -> Result<i64> {
    let (old, new) = states(&e)?;
    activities::insert(conn, &form(&e, &old, &new))
}

/// A state as an entry records it: JSON text (for a write that journals in a statement of
/// its own making, `interact_store::contact_writes`).
pub fn state_of<T: Serialize>(state: &T) -> Result<String> {
    Ok(serde_json::to_string(state)?)
}

/// An entry's old and new state as JSON text.
fn states<T: Serialize>(e: &Entry<'_, T>) -> Result<(Option<String>, Option<String>)> {
    Ok((
        e.old.map(state_of).transpose()?,
        e.new.map(state_of).transpose()?,
    ))
}

/// The journal row of an entry whose states are `old` and `new`.
fn form<'a, T: Serialize>(
    e: &Entry<'a, T>,
    old: &'a Option<String>,
    new: &'a Option<String>,
) -> activities::ActivityInsertForm<'a> {
    activities::ActivityInsertForm {
        user_id: e.user_id,
        actor_id: e.actor_id,
        action: e.change.as_str(),
        entity_type: e.entity_type,
        entity_id: e.entity_id,
        old_state: old.as_deref(),
        new_state: new.as_deref(),
        time: e.time,
    }
}

/// Appends entries in multi-row statements, in the order given (an import's batch).
/// One entry goes through [`record`]'s single-row statement (prepared once per connection).
pub fn record_many<T: Serialize>(conn: &mut AnyConnection, entries: &[Entry<'_, T>]) -> Result<()> {
    if let [e] = entries {
        let (old, new) = states(e)?;
        activities::insert(conn, &form(e, &old, &new))?;
        return Ok(());
    }
    let states = entries.iter().map(states).collect::<Result<Vec<_>>>()?;
    let forms: Vec<_> = entries
        .iter()
        .zip(&states)
        .map(|(e, (old, new))| form(e, old, new))
        .collect();
    activities::insert_many(conn, &forms)
}

/// Records a change users made to their own entity `(entity type, id)`: the usual entry,
/// whose owner is also its actor.
pub fn record_own<T: Serialize>(
    conn: &mut AnyConnection,
    user_id: i64,
    entity: (&str, i64),
    change: Change,
    old: Option<&T>,
    new: Option<&T>,
    time: i64,
) -> Result<()> {
    record(
        conn,
        Entry {
            user_id,
            actor_id: user_id,
            change,
            entity_type: entity.0,
            entity_id: entity.1,
            old,
            new,
            time,
        },
    )?;
    Ok(())
}

/// `record_own` of a created entity in its new state.
pub fn inserted<T: Serialize>(
    conn: &mut AnyConnection,
    user_id: i64,
    entity: (&str, i64),
    new: &T,
    time: i64,
) -> Result<()> {
    record_own(conn, user_id, entity, Change::Insert, None, Some(new), time)
}

/// `record_own` of a changed entity, from its old to its new state.
pub fn updated<T: Serialize>(
    conn: &mut AnyConnection,
    user_id: i64,
    entity: (&str, i64),
    old: &T,
    new: &T,
    time: i64,
) -> Result<()> {
    record_own(
        conn,
        user_id,
        entity,
        Change::Update,
        Some(old),
        Some(new),
        time,
    )
}

/// `record_own` of a deleted entity in its last state.
pub fn deleted<T: Serialize>(
    conn: &mut AnyConnection,
    user_id: i64,
    entity: (&str, i64),
    old: &T,
    time: i64,
) -> Result<()> {
    record_own(conn, user_id, entity, Change::Delete, Some(old), None, time)
}

/// The deepest offset of a journal page asked in a batch: its statement skips `offset` entries
/// of the journal's index, and a batch's statement holds every read that went with it; a
/// deeper page runs by itself.
const BATCHED_MAX_OFFSET: i64 = 10_000;

/// `GET /v2/activities`: the caller's journal, newest first. The page's entries come from
/// the journal cache (`crate::journal_cache`) where kept; the rest are read and kept.
/// PostgreSQL, a page of at most a quick page: its ids and total are asked together with the
/// other pages waiting (`Ctx::journal_pages`), and only entries not kept are read.
pub async fn list(ctx: &Ctx, who: &Principal, page: Page) -> Result<ListPage<Activity>> {
    let user_id = who.user_id;
    let cache = ctx.journal_cache.clone();
    if let Some(pages) = ctx.journal_pages.as_ref() {
        if interact_store::db::is_quick_page(page.limit) && page.offset <= BATCHED_MAX_OFFSET {
            let key = activities::PageKey {
                user_id,
                offset: page.offset,
                limit: page.limit,
            };
            let (ids, total) = pages
                .get(key)
                .await
                .tag(Action::View, Realm::Activities)?
                .unwrap_or_default();
            let (kept, missing) = kept_of(&cache, user_id, &ids);
            let kept = if missing.is_empty() {
                kept
            } else {
                ctx.db
                    .read(move |c| read_missing(c, &cache, user_id, kept, &missing, true))
                    .await
                    .tag(Action::View, Realm::Activities)?
            };
            return Ok(ListPage::new(entries(ids, kept), page, total));
        }
    }
    ctx.db
        .read_page(page.limit, move |c| {
            let (ids, total) = activities::page(c, user_id, page.offset, page.limit)?;
            let (kept, missing) = kept_of(&cache, user_id, &ids);
            // A page longer than a quick one does not fill the cache: one request for the
            // whole journal would push out what every other caller reads again.
            let keep = ids.len() <= interact_store::db::QUICK_PAGE as usize;
            let kept = read_missing(c, &cache, user_id, kept, &missing, keep)?;
            Ok(ListPage::new(entries(ids, kept), page, total))
        })
        .await
        .tag(Action::View, Realm::Activities)
}

/// The entries of a page that the cache keeps, by id, and the ids of the others.
fn kept_of(
    cache: &JournalCache,
    user_id: i64,
    ids: &[activities::PageEntry],
) -> (HashMap<i64, Arc<Kept>>, Vec<i64>) {
    let mut kept: HashMap<i64, Arc<Kept>> = HashMap::with_capacity(ids.len());
    let mut missing = Vec::new();
    for (id, _) in ids {
        match cache.get(user_id, *id) {
            Some(k) => {
                kept.insert(*id, k);
            }
            None => missing.push(*id),
        }
    }
    (kept, missing)
}

/// `kept` with the `missing` entries read, and kept in the cache when `keep`.
fn read_missing(
    conn: &mut AnyConnection,
    cache: &JournalCache,
    user_id: i64,
    mut kept: HashMap<i64, Arc<Kept>>,
    missing: &[i64],
    keep: bool,
) -> Result<HashMap<i64, Arc<Kept>>> {
    for row in activities::by_ids(conn, user_id, missing)? {
        let (id, k) = (row.id, Arc::new(Kept::of(row)));
        if keep {
            cache.put(id, k.clone());
        }
        kept.insert(id, k);
    }
    Ok(kept)
}

/// A page's entries in its order, each with its actor's email as the page read it.
fn entries(ids: Vec<activities::PageEntry>, mut kept: HashMap<i64, Arc<Kept>>) -> Vec<Activity> {
    ids.into_iter()
        .filter_map(|(id, email)| {
            let k = kept.remove(&id)?;
            Some(Activity {
                id,
                action: k.action.clone(),
                entity_type: k.entity_type.clone(),
                entity_id: k.entity_id,
                entity: k.states.clone(),
                related_to: ActivityActor {
                    id: k.actor_id,
                    email: email.unwrap_or_default(),
                },
                time: k.time,
            })
        })
        .collect()
}
