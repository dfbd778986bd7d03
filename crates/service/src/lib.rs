//! Business rules: who may do what, what a request changes, and in which transaction. Handlers
//! call these functions; these call the store.

pub mod access;
pub mod account;
pub mod apns;
pub mod auth;
pub mod basic_infos;
mod bulk;
pub mod bus;
pub mod canvass;
pub mod cleanup;
pub mod clock;
pub mod companies;
pub mod config;
pub mod contact_cache;
pub mod contacts;
pub mod custom_fields;
pub mod deals;
mod dependents;
pub mod devices;
pub mod every;
pub mod groups;
pub mod http;
pub mod ids;
pub mod import;
pub mod interactions;
pub mod journal;
pub mod journal_cache;
pub mod mail;
pub mod merge;
pub mod metrics;
pub mod notes;
pub mod numbers;
pub mod pictures;
pub mod push;
mod related;
pub mod sessions;
pub mod share;
pub mod sync;
pub mod task_lists;
pub mod tasks;
pub mod throttle;
pub mod trigger_devices;
pub mod upkeep;
pub mod users;

pub use clock::Clock;
pub use config::Config;
pub use interact_errors::{Action, Error, Realm, Result, Tag};
pub use interact_store::Db;

use std::sync::Arc;

use interact_store::batch::ReadBatch;
use interact_store::contact_writes::WriteBatch;

/// Revisions of contacts by (user id, contact id), read in batches.
pub type ContactRevs = ReadBatch<(i64, i64), interact_store::contacts::ContactRev>;

/// Searches of contacts (the revisions of their page's contacts and how many they found),
/// read in batches.
pub type ContactSearches =
    ReadBatch<interact_store::contacts::SearchKey, interact_store::contacts::RevPage>;

/// Pages of the journal (their entries' ids and actors, and the user's total), read in
/// batches.
pub type JournalPages =
    ReadBatch<interact_store::activities::PageKey, interact_store::activities::JournalPage>;

/// Pages of contacts (their revisions and the user's total), read in batches.
pub type ContactPages =
    ReadBatch<interact_store::contacts::PageKey, interact_store::contacts::RevPage>;

/// Everything a service function needs: the database, the configuration, the clock and the
/// notification bus.
#[derive(Clone)]
pub struct Ctx {
    pub db: Db,
    pub config: Arc<Config>,
    pub clock: Clock,
    pub bus: bus::Bus,
    /// What this server counts for `GET /metrics`.
    pub metrics: Arc<metrics::Metrics>,
    /// The session cache (authentication without the database in the common case).
    pub sessions: Arc<sessions::Sessions>,
    /// Contacts kept between reads, as answered (checked against the database on every
    /// read).
    pub contact_cache: Arc<contact_cache::ContactCache>,
    /// PostgreSQL: the revisions of kept contacts, asked by many reads in one statement
    /// (`contacts::get`). SQLite reads them on the calling thread without a round trip.
    pub contact_revs: Option<ContactRevs>,
    /// PostgreSQL: the pages of `GET /v2/contacts` without `q`, asked by many reads in two
    /// statements (`contacts::list`).
    pub contact_pages: Option<ContactPages>,
    /// PostgreSQL: the searches of `GET /v2/contacts?q=`, asked by many reads in one
    /// statement (`contacts::list`).
    pub contact_searches: Option<ContactSearches>,
    /// PostgreSQL: the pages of `GET /v2/activities`, asked by many reads in one statement
    /// (`journal::list`).
    pub journal_pages: Option<JournalPages>,
    /// PostgreSQL: the creations of `PUT /v2/contacts` and the changes of attributes of
    /// `POST /v2/contacts/:id` that go in one statement with those of concurrent requests
    /// (`contacts::create`, `contacts::update`).
    pub contact_writes: Option<ContactWrites>,
    /// Journal entries kept between reads of `GET /v2/activities` (they never change).
    pub journal_cache: Arc<journal_cache::JournalCache>,
    /// The import connectors (they hold the pooled HTTP client), built at first use.
    connectors: Arc<std::sync::OnceLock<import::Connectors>>,
}

/// PostgreSQL: the contact writes that go in one statement with those of concurrent
/// requests (`interact_store::contact_writes`).
#[derive(Clone)]
pub struct ContactWrites {
    /// Contacts by `(user id, contact id)`, read before a change of their attributes.
    pub reads: ReadBatch<(i64, i64), interact_store::contacts::Loaded>,
    /// New contacts' ids.
    pub ids:
        ReadBatch<interact_store::contact_writes::IdsKey, interact_store::contact_writes::NewIds>,
    /// Creations (`contacts::create`).
    pub creates: WriteBatch<interact_store::contact_writes::NewContact, ()>,
    /// Changes of contacts' own attributes (`contacts::update`).
    pub updates: WriteBatch<interact_store::contact_writes::FieldsUpdate, bool>,
}

impl Ctx {
    pub fn new(db: Db, config: Config) -> Self {
        // On PostgreSQL the cache answers only while the bus listener hears revocations.
        let sessions = Arc::new(sessions::Sessions::new(
            sessions::MAX_SESSIONS,
            db.backend() == interact_store::Backend::Sqlite,
        ));
        Ctx {
            bus: bus::Bus::new(db.clone(), sessions.clone()),
            sessions,
            contact_cache: Arc::new(contact_cache::ContactCache::new(config.contact_cache_bytes)),
            journal_cache: Arc::new(journal_cache::JournalCache::new(config.journal_cache_bytes)),
            contact_revs: (db.backend() == interact_store::Backend::Postgres)
                .then(|| ReadBatch::new(db.clone(), interact_store::contacts::revs_of)),
            contact_pages: (db.backend() == interact_store::Backend::Postgres)
                .then(|| ReadBatch::new(db.clone(), interact_store::contacts::pages_of)),
            contact_searches: (db.backend() == interact_store::Backend::Postgres)
                .then(|| ReadBatch::new(db.clone(), interact_store::contacts::searches_of)),
            journal_pages: (db.backend() == interact_store::Backend::Postgres)
                .then(|| ReadBatch::new(db.clone(), interact_store::activities::pages_of)),
            contact_writes: (db.backend() == interact_store::Backend::Postgres).then(|| {
                use interact_store::contact_writes::{create_many, ids_of, update_fields};
                ContactWrites {
                    reads: ReadBatch::new(db.clone(), interact_store::contacts::load_each),
                    ids: ReadBatch::new(db.clone(), ids_of),
                    creates: WriteBatch::new(db.clone(), |c, new| {
                        create_many(c, new).map(|()| vec![(); new.len()])
                    }),
                    updates: WriteBatch::new(db.clone(), update_fields),
                }
            }),
            db,
            config: Arc::new(config),
            clock: Clock::default(),
            metrics: metrics::Metrics::new(),
            connectors: Arc::default(),
        }
    }

    /// The import connectors, built once from the configuration.
    pub fn connectors(&self) -> Result<&import::Connectors> {
        if let Some(c) = self.connectors.get() {
            return Ok(c);
        }
        let built = import::Connectors::new(&self.config)?;
        Ok(self.connectors.get_or_init(|| built))
    }
}
