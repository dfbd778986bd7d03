//! Business rules: who may do what, what a request changes, and in which transaction. Handlers
//! call these functions; these call the store.

pub mod auth;
pub mod canvass;
pub mod clock;
pub mod config;
pub mod journal;

pub use clock::Clock;
pub use config::Config;
pub use interact_errors::{Action, Error, Realm, Result, Tag};
pub use interact_store::Db;

use std::sync::Arc;

/// Everything a service function needs: the database, the configuration and the clock.
#[derive(Clone)]
pub struct Ctx {
    pub db: Db,
    pub config: Arc<Config>,
    pub clock: Clock,
}

impl Ctx {
    pub fn new(db: Db, config: Config) -> Self {
        Ctx {
            db,
            config: Arc::new(config),
            clock: Clock::default(),
        }
    }
}
