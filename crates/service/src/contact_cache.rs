//! What hangs off each contact (its basicInfos, addresses, tags, custom field values,
//! relations, interactions, deals, notes, tasks and pictures), kept between reads.
//!
//! A read takes the contact rows themselves from the database every time (one small
//! statement), and with them each contact's `children_rev`, which a trigger moves on with
//! every insert, update and delete of what hangs off the contact (migration 000015). What is
//! kept here under the same `children_rev` is what the database holds now; a contact whose
//! `children_rev` moved is read again with its children, and the new read replaces the entry.
//! So the cache never answers anything older than the database, in this process or after a
//! write by another one, and it needs no invalidation: a write cannot forget it.
//!
//! Only reads that see committed data fill it: a write reads its own uncommitted children,
//! which a rollback could take back while `children_rev` went back to a value that a later
//! commit reuses.
//!
//! The cache is bounded by the bytes it holds (its entries weigh what their strings and
//! vectors take), and evicts what is least used when full. A read of more contacts than a
//! quick page does not fill it (`contacts::load_and_keep`).

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use interact_store::contacts::Children;

/// How many bytes of contacts' children the cache holds at most.
pub const MAX_BYTES: u64 = 16 << 20;

/// About what one cached contact weighs (to size the cache's index).
const TYPICAL_WEIGHT: u64 = 1_200;

#[derive(Clone)]
struct Weight;

impl quick_cache::Weighter<i64, Arc<Children>> for Weight {
    fn weight(&self, _id: &i64, children: &Arc<Children>) -> u64 {
        weight(children)
    }
}

/// The bytes an entry holds, strings and vectors included.
fn weight(c: &Children) -> u64 {
    fn s(v: &str) -> usize {
        v.len()
    }
    fn o(v: &Option<String>) -> usize {
        v.as_deref().map_or(0, str::len)
    }
    let ids =
        c.related.len() + c.interactions.len() + c.deals.len() + c.notes.len() + c.tasks.len();
    let bytes = std::mem::size_of::<Children>()
        + std::mem::size_of_val(c.basic_infos.as_slice())
        + c.basic_infos
            .iter()
            .map(|b| s(&b.type_) + o(&b.subtype) + s(&b.value) + s(&b.match_key) + o(&b.identifier))
            .sum::<usize>()
        + std::mem::size_of_val(c.addresses.as_slice())
        + c.addresses
            .iter()
            .map(|a| {
                o(&a.subtype)
                    + o(&a.addressline1)
                    + o(&a.addressline2)
                    + o(&a.addressline3)
                    + o(&a.zip)
                    + o(&a.city)
                    + o(&a.state)
                    + o(&a.country)
            })
            .sum::<usize>()
        + std::mem::size_of_val(c.tags.as_slice())
        + c.tags.iter().map(|t| s(t)).sum::<usize>()
        + std::mem::size_of_val(c.custom_fields.as_slice())
        + c.custom_fields
            .iter()
            .map(|(_, name, value)| s(name) + s(value))
            .sum::<usize>()
        + ids * std::mem::size_of::<i64>()
        + std::mem::size_of_val(c.pictures.as_slice())
        + c.pictures
            .iter()
            .map(|p| s(&p.type_) + o(&p.url) + o(&p.content_type) + o(&p.digest))
            .sum::<usize>();
    bytes as u64
}

/// Contact id → what hung off it at its `children_rev`.
pub struct ContactCache {
    entries: quick_cache::sync::Cache<i64, Arc<Children>, Weight>,
    hits: AtomicU64,
    misses: AtomicU64,
}

impl ContactCache {
    pub fn new(max_bytes: u64) -> ContactCache {
        let items = usize::try_from((max_bytes / TYPICAL_WEIGHT).max(1)).unwrap_or(usize::MAX);
        ContactCache {
            entries: quick_cache::sync::Cache::with_weighter(items, max_bytes.max(1), Weight),
            hits: AtomicU64::new(0),
            misses: AtomicU64::new(0),
        }
    }

    /// The children of contact `id` if they are kept for exactly this `children_rev`.
    pub fn get(&self, id: i64, rev: i64) -> Option<Arc<Children>> {
        let kept = self.entries.get(&id).filter(|c| c.rev == rev);
        let counter = if kept.is_some() {
            &self.hits
        } else {
            &self.misses
        };
        counter.fetch_add(1, Ordering::Relaxed);
        kept
    }

    /// Whether anything is kept for contact `id`, current or not (a read of a contact with
    /// nothing kept reads it with its children at once, in one statement). Nothing kept
    /// counts as a miss; what is kept is counted by [`ContactCache::get`].
    pub fn holds(&self, id: i64) -> bool {
        let held = self.entries.contains_key(&id);
        if !held {
            self.misses.fetch_add(1, Ordering::Relaxed);
        }
        held
    }

    /// Keeps what a read of committed data found (see the module's documentation).
    pub fn put(&self, id: i64, children: Arc<Children>) {
        self.entries.insert(id, children);
    }

    /// The bytes held now (for `/metrics`).
    pub fn weight(&self) -> u64 {
        self.entries.weight()
    }

    /// Lookups that found the children kept, since start.
    pub fn hits(&self) -> u64 {
        self.hits.load(Ordering::Relaxed)
    }

    /// Lookups that did not (not kept, or changed since), since start.
    pub fn misses(&self) -> u64 {
        self.misses.load(Ordering::Relaxed)
    }
}

impl Default for ContactCache {
    fn default() -> Self {
        ContactCache::new(MAX_BYTES)
    }
}
