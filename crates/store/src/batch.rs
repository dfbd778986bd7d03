//! Small reads of many requests in one statement: the pattern of [`crate::group_commit`], for
//! reads by key.
//!
//! On PostgreSQL a read of one contact that this process keeps is one small statement (is it
//! still current?), and what it costs is not the statement but the round trip: a blocking
//! thread woken, a pooled connection, the server process woken and back, on the two cores
//! that the server, PostgreSQL and the load share (`docs/performance.md`, session 11). Here a
//! read queues its key and awaits; a drain on a blocking thread takes every queued key (up
//! to [`MAX_BATCH`]) into one statement, and hands each read its answer. While that statement
//! runs, the next reads queue and go in the next one: under load a burst of N reads costs one
//! round trip and one thread wake-up instead of N; a read alone goes at once, as before. Up to
//! [`DRAINS`] statements run at once.
//!
//! The answer is as fresh as a read of its own: a queued key is read by a statement that
//! starts after it was queued (the drain takes the queue only when it sends a statement), so
//! a read never sees a state older than what was committed when it was asked.
//!
//! If the statement fails, every read of the batch answers that error.
//!
//! The reads batched this way (interact-service `Ctx`): the revisions of kept contacts
//! (`contacts::revs_of`), pages of contacts (`contacts::pages_of`), searches
//! (`contacts::searches_of`) and pages of the journal (`activities::pages_of`).

use std::collections::HashMap;
use std::hash::Hash;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::Arc;

use interact_errors::{Error, Result};
use tokio::sync::oneshot;

use crate::drain::{self, Queue};
use crate::{AnyConnection, Db};

/// The most keys one statement carries: bounds its parameter and how long the reads at the end
/// of a burst wait for the ones before them.
const MAX_BATCH: usize = 256;

/// How many statements of one batched read may run at once: under load the reads still go in
/// few statements, and one slow statement (a search that finds most of a user's contacts)
/// holds only the reads that went with it, not every read that arrives while it runs.
pub(crate) const DRAINS: usize = 2;

/// Reads the values of these keys (each at most once); a key with no value is left out.
type Fetch<K, V> = dyn Fn(&mut AnyConnection, &[K]) -> Result<Vec<(K, V)>> + Send + Sync;

type Waiter<V> = oneshot::Sender<Result<Option<V>>>;

/// Reads of values by key, batched (see the module's documentation).
pub struct ReadBatch<K, V> {
    inner: Arc<Inner<K, V>>,
}

impl<K, V> Clone for ReadBatch<K, V> {
    fn clone(&self) -> Self {
        ReadBatch {
            inner: self.inner.clone(),
        }
    }
}

struct Inner<K, V> {
    db: Db,
    fetch: Box<Fetch<K, V>>,
    queue: Queue<(K, Waiter<V>)>,
}

impl<K, V> Inner<K, V>
where
    K: Clone + Eq + Hash,
    V: Clone,
{
    fn queue(&self) -> &Queue<(K, Waiter<V>)> {
        &self.queue
    }

    /// Reads one batch's keys in one statement and answers each read.
    fn run(&self, batch: Vec<(K, Waiter<V>)>) {
        let mut keys: Vec<K> = Vec::with_capacity(batch.len());
        for (key, _) in &batch {
            if !keys.contains(key) {
                keys.push(key.clone());
            }
        }
        let read = catch_unwind(AssertUnwindSafe(|| {
            self.db.read_here(|c| (self.fetch)(c, &keys))
        }));
        match read {
            Ok(Ok(values)) => {
                let values: HashMap<K, V> = values.into_iter().collect();
                for (key, tx) in batch {
                    let _ = tx.send(Ok(values.get(&key).cloned()));
                }
            }
            Ok(Err(e)) => {
                for (_, tx) in batch {
                    let _ = tx.send(Err(copy_of(&e)));
                }
            }
            // Dropping the batch answers each of its reads a 500.
            Err(_) => log::error!("a batch of reads panicked"),
        }
    }
}

impl<K, V> ReadBatch<K, V>
where
    K: Clone + Eq + Hash + Send + Sync + 'static,
    V: Clone + Send + 'static,
{
    /// Batched reads on `db` by `fetch`, which reads the values of the keys it is given in
    /// one statement.
    pub fn new(
        db: Db,
        fetch: impl Fn(&mut AnyConnection, &[K]) -> Result<Vec<(K, V)>> + Send + Sync + 'static,
    ) -> Self {
        ReadBatch {
            inner: Arc::new(Inner {
                db,
                fetch: Box::new(fetch),
                queue: Queue::new(),
            }),
        }
    }

    /// The value of `key` as the database holds it now (None: it has none).
    pub async fn get(&self, key: K) -> Result<Option<V>> {
        let (tx, rx) = oneshot::channel();
        drain::push(
            &self.inner,
            Inner::queue,
            (key, tx),
            MAX_BATCH,
            DRAINS,
            Inner::run,
        );
        // A read whose answer was dropped unsent: its batch panicked.
        rx.await.unwrap_or_else(|_| {
            Err(Error::internal(anyhow::anyhow!(
                "the read failed unexpectedly (panicked)"
            )))
        })
    }
}

/// The batch's error, for each of its reads: the database's unavailability stays a 503 (the
/// statement reads by key, so no error of it is the client's).
fn copy_of(e: &Error) -> Error {
    let cause = anyhow::anyhow!("the read failed: {e}");
    if e.detail == interact_errors::Detail::Unavailable {
        Error::unavailable(cause)
    } else {
        Error::internal(cause)
    }
}
