//! Contacts kept between reads, as answered: the wire contact in the base projection and its
//! JSON, written once (`BaseContact::written`).
//!
//! A read takes from the database every time what says whether a contact changed (one small
//! statement, `store::contacts::revs`, or the statement that pages): its `version`, which
//! moves with every write of the contact's row, and its `children_rev`, which a trigger moves
//! on with every insert, update and delete of what hangs off it (migration 000015). What is
//! kept here under the same pair is what the database holds now; a contact whose pair moved
//! is read again with its children, and the new read replaces the entry. So the cache never
//! answers anything older than the database, in this process or after a write by another
//! one, and it needs no invalidation: a write cannot forget it. A contact answers only what
//! its own rows hold (the thin projection's names of related contacts are read apart).
//!
//! Only reads that see committed data fill it: a write reads its own uncommitted state,
//! which a rollback could take back while `version` and `children_rev` went back to values
//! that a later commit reuses.
//!
//! A kept contact asked for in the flat projection has that projection written once too, and
//! kept with it in the same entry ([`ContactCache::flat`]): only contacts that clients read
//! flat carry its bytes.
//!
//! The cache is bounded by the bytes it holds, and evicts what is least used when full. An
//! entry weighs its written JSON twice (once for the JSON, once for the wire contact, whose
//! strings and lists take about as much as their JSON), and its written flat projection once.
//! A read of more contacts than a quick page does not fill it (`contacts::load_and_keep`).

use std::sync::atomic::{AtomicU64, Ordering};

use interact_domain::contacts::{BaseContact, Contact, FlatContact};
use interact_store::contacts::ContactRev;

/// How many bytes of contacts the cache holds at most unless configured
/// (`INTERACT_CONTACT_CACHE`): about 18,000 contacts of the bench's size.
pub const DEFAULT_BYTES: u64 = 64 << 20;

/// About what one cached contact weighs (to size the cache's index).
const TYPICAL_WEIGHT: u64 = 2_500;

#[derive(Clone)]
struct Kept {
    version: i64,
    children_rev: i64,
    contact: BaseContact,
}

#[derive(Clone)]
struct Weight;

impl quick_cache::Weighter<i64, Kept> for Weight {
    fn weight(&self, _id: &i64, kept: &Kept) -> u64 {
        (std::mem::size_of::<Kept>()
            + std::mem::size_of::<Contact>()
            + 2 * kept.contact.written_len()
            + kept.contact.flat_len()) as u64
    }
}

/// Contact id → the contact as it was at its `version` and `children_rev`.
pub struct ContactCache {
    entries: quick_cache::sync::Cache<i64, Kept, Weight>,
    hits: AtomicU64,
    misses: AtomicU64,
}

impl ContactCache {
    /// A cache of at most `max_bytes` (0 keeps nothing).
    pub fn new(max_bytes: u64) -> ContactCache {
        let items = usize::try_from((max_bytes / TYPICAL_WEIGHT).max(1)).unwrap_or(usize::MAX);
        ContactCache {
            entries: quick_cache::sync::Cache::with_weighter(items, max_bytes.max(1), Weight),
            hits: AtomicU64::new(0),
            misses: AtomicU64::new(0),
        }
    }

    /// The contact if it is kept for exactly this `version` and `children_rev`.
    pub fn get(&self, rev: &ContactRev) -> Option<BaseContact> {
        let kept = self
            .entries
            .get(&rev.id)
            .filter(|k| k.version == rev.version && k.children_rev == rev.children_rev);
        let counter = if kept.is_some() {
            &self.hits
        } else {
            &self.misses
        };
        counter.fetch_add(1, Ordering::Relaxed);
        kept.map(|k| k.contact)
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

    /// Whether anything is kept for contact `id`, current or not, without counting it (the
    /// lookup that follows counts).
    pub fn contains(&self, id: i64) -> bool {
        self.entries.contains_key(&id)
    }

    /// Keeps what a read of committed data found (see the module's documentation), read at
    /// `rev`.
    pub fn put(&self, rev: ContactRev, contact: BaseContact) {
        let kept = Kept {
            version: rev.version,
            children_rev: rev.children_rev,
            contact,
        };
        self.entries.insert(rev.id, kept);
    }

    /// The contact in the flat projection. A contact that this cache keeps (written, and the
    /// very read kept under its id now) has the projection written once and kept with it, so
    /// the next read of it answers those bytes; any other is written when it is answered.
    pub fn flat(&self, contact: BaseContact) -> FlatContact {
        if contact.written_len() == 0 {
            return contact.flat();
        }
        let Some(with_flat) = contact.with_flat_written() else {
            return contact.flat();
        };
        let id = contact.contact().id;
        // Kept only in place of this very read: an entry replaced by a newer read stays. (A
        // newer read kept between the look and the insert is overwritten; the next read of
        // the contact finds the older revision, not current, and reads it again. Two reads
        // racing here both write the projection; either is kept.)
        if let Some(kept) = self.entries.peek(&id).filter(|k| k.contact.is(&contact)) {
            self.entries.insert(
                id,
                Kept {
                    contact: with_flat.clone(),
                    ..kept
                },
            );
        }
        with_flat.flat()
    }

    /// The bytes held now (for `/metrics`).
    pub fn weight(&self) -> u64 {
        self.entries.weight()
    }

    /// Lookups that found the contact kept, since start.
    pub fn hits(&self) -> u64 {
        self.hits.load(Ordering::Relaxed)
    }

    /// Lookups that did not (not kept, or changed since), since start.
    pub fn misses(&self) -> u64 {
        self.misses.load(Ordering::Relaxed)
    }
}
