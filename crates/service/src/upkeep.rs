//! Upkeep in the background: folding the count rows that concurrent writers split
//! (PostgreSQL). A creation adds to a slot of its bucket's count that no running transaction
//! holds, or makes a new one (`store::contacts::bump_bucket`); the journal's count the same
//! way (migration 000013). So writers of one user never wait for each other, but the slots
//! they made stay, and every page of contacts or of the journal reads them all. Each process
//! folds them back now and then; several processes at once skip each other's rows.

use std::time::Duration;

use interact_errors::Result;
use interact_store::{activities, contacts, Backend};

use crate::Ctx;

/// How often a process folds slots.
pub const PERIOD: Duration = Duration::from_secs(10);

/// The most slots one pass folds per table (one short transaction each).
const BATCH: i64 = 1000;

/// Folds slots every [`PERIOD`] until `stop` (PostgreSQL; on SQLite there is one slot).
pub async fn run(ctx: Ctx, mut stop: tokio::sync::watch::Receiver<bool>) {
    if ctx.db.backend() != Backend::Postgres {
        return;
    }
    let mut every = crate::every::Every::new(PERIOD);
    while every.tick(&mut stop).await {
        if let Err(e) = fold_slots(&ctx).await {
            log::warn!("folding count slots: {e}");
        }
    }
}

/// One pass: folds up to a batch of contact bucket slots and of journal count rows into the
/// first of each; answers how many counts took rows in (0 when there was nothing to fold,
/// and always on SQLite).
pub async fn fold_slots(ctx: &Ctx) -> Result<usize> {
    let buckets = ctx
        .db
        .write(|c| contacts::compact_buckets(c, BATCH))
        .await?;
    let counts = ctx
        .db
        .write(|c| activities::compact_counts(c, BATCH))
        .await?;
    Ok(buckets + counts)
}
