//! Journal entries kept between reads of `GET /v2/activities`, by id, with their states
//! checked as JSON once.
//!
//! An entry never changes once written: the journal only grows (entries go only with their
//! user, at wipe-out), and ids are not reused (a sequence on PostgreSQL, `AUTOINCREMENT` on
//! SQLite). So what is kept under an id is what the database holds for it, and needs no
//! invalidation. A page still asks the database which entries it holds, of whom, and who
//! made them (`store::activities::page`): the cache saves reading, sending and checking
//! each entry's states (a contact's state is about a kilobyte and a half of JSON, twice per
//! update), which a profile of the page showed as most of its work.
//!
//! Bounded by the bytes it holds (`INTERACT_JOURNAL_CACHE`), least used out first. A page
//! longer than a quick page does not fill it (`journal::list`), as for contacts.

use std::sync::Arc;

use interact_domain::activities::ActivityStates;
use interact_store::activities::Activity as Row;
use serde_json::value::RawValue;

/// How many bytes of entries the cache holds at most unless configured
/// (`INTERACT_JOURNAL_CACHE`): about 3,000 updates of the bench's contacts.
pub const DEFAULT_BYTES: u64 = 8 << 20;

/// About what one kept entry weighs (to size the cache's index).
const TYPICAL_WEIGHT: u64 = 2_000;

/// An entry as answered, but for its actor's email (which can change).
pub struct Kept {
    pub user_id: i64,
    pub actor_id: i64,
    pub action: String,
    pub entity_type: String,
    pub entity_id: i64,
    pub states: ActivityStates,
    pub time: i64,
}

impl Kept {
    /// The entry of a row; a stored state that is not JSON is left out, as before.
    pub fn of(row: Row) -> Kept {
        let parse = |s: Option<String>| s.and_then(|s| RawValue::from_string(s).ok());
        Kept {
            user_id: row.user_id,
            actor_id: row.actor_id,
            action: row.action,
            entity_type: row.entity_type,
            entity_id: row.entity_id,
            states: ActivityStates {
                old_state: parse(row.old_state),
                new_state: parse(row.new_state),
            },
            time: row.time,
        }
    }

    fn weight(&self) -> u64 {
        let state = |s: &Option<Box<RawValue>>| s.as_ref().map_or(0, |s| s.get().len());
        (std::mem::size_of::<Kept>()
            + self.action.len()
            + self.entity_type.len()
            + state(&self.states.old_state)
            + state(&self.states.new_state)) as u64
    }
}

#[derive(Clone)]
struct Weight;

impl quick_cache::Weighter<i64, Arc<Kept>> for Weight {
    fn weight(&self, _id: &i64, kept: &Arc<Kept>) -> u64 {
        kept.weight()
    }
}

/// Journal entry id → the entry.
pub struct JournalCache {
    entries: quick_cache::sync::Cache<i64, Arc<Kept>, Weight>,
}

impl JournalCache {
    /// A cache of at most `max_bytes` (0 keeps nothing).
    pub fn new(max_bytes: u64) -> JournalCache {
        let items = usize::try_from((max_bytes / TYPICAL_WEIGHT).max(1)).unwrap_or(usize::MAX);
        JournalCache {
            entries: quick_cache::sync::Cache::with_weighter(items, max_bytes.max(1), Weight),
        }
    }

    /// The entry `id` of `user_id`, if kept.
    pub fn get(&self, user_id: i64, id: i64) -> Option<Arc<Kept>> {
        self.entries.get(&id).filter(|k| k.user_id == user_id)
    }

    /// Keeps entry `id`, read from the database.
    pub fn put(&self, id: i64, kept: Arc<Kept>) {
        self.entries.insert(id, kept);
    }

    /// The bytes held now (for `/metrics`).
    pub fn weight(&self) -> u64 {
        self.entries.weight()
    }
}
