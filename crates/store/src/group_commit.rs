//! Group commit for SQLite's one writer.
//!
//! SQLite commits one write transaction at a time, and each commit waits for its `fsync`
//! (`synchronous = FULL`). Writes queue here, and ONE drain runs them: it takes every queued
//! write (up to [`MAX_BATCH`]) into ONE transaction — each write in a savepoint of its own, so
//! a write that fails is rolled back alone and answers its own error — commits once, and only
//! then hands each write its result. A write is therefore acknowledged only once it is
//! committed, and a burst of N writers pays one `fsync` instead of N. One writer alone runs in
//! a transaction of its own.
//!
//! The drain runs on a blocking thread while there is anything queued, and stops when the
//! queue is empty; a write that finds no drain running starts one. A waiting write holds no
//! thread: it awaits its answer, and the drain wakes it with the answer directly. (Until
//! session 13 each write waited on a blocking thread of its own for a writer lock, and after
//! a batch the waiters took that lock one after another only to find their answers: a chain
//! of thread wake-ups per batch, which led the profile of `PUT /v2/contacts`.)
//!
//! If the commit fails, every write of the batch fails with that error (none of them is
//! committed). A write that panics is rolled back to its savepoint and answers a 500; the
//! others go on.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::Arc;

use diesel::connection::{Connection, TransactionManager};
use interact_errors::{Error, Result};
use tokio::sync::oneshot;

use crate::drain::{self, Queue};
use crate::AnyConnection;

/// The most writes one transaction carries: bounds how long the writes at the end of a burst
/// wait for the ones before them.
const MAX_BATCH: usize = 64;

/// What a queued write leaves to do once the batch's commit is known: hand its caller the
/// write's result, or the commit's error.
type Completion = Box<dyn FnOnce(Option<&Error>) + Send>;

/// A queued write: runs on the batch's connection (None: no connection could be had, so it
/// answers that error without running).
type Job = Box<dyn FnOnce(Option<&mut AnyConnection>, &dyn Fn() -> Error) -> Completion + Send>;

/// Lends the batch a connection: calls its argument with one (or with None and the error to
/// answer when none can be had).
type Connect = dyn Fn(&mut dyn FnMut(Option<&mut AnyConnection>, &dyn Fn() -> Error)) + Send + Sync;

#[derive(Clone)]
pub struct GroupCommit {
    inner: Arc<Inner>,
}

struct Inner {
    connect: Box<Connect>,
    queue: Queue<Job>,
}

impl Inner {
    fn queue(&self) -> &Queue<Job> {
        &self.queue
    }

    /// Runs one batch; a batch that panics outside its writes' savepoints drops their
    /// answers: each of them answers a 500, and the drain goes on with the next batch.
    fn run(&self, batch: Vec<Job>) {
        let connect = &*self.connect;
        if catch_unwind(AssertUnwindSafe(|| run_batch(connect, batch))).is_err() {
            log::error!("a batch of writes panicked");
        }
    }
}

impl GroupCommit {
    /// A writer whose batches run on the connections `connect` lends.
    pub fn new(
        connect: impl Fn(&mut dyn FnMut(Option<&mut AnyConnection>, &dyn Fn() -> Error))
            + Send
            + Sync
            + 'static,
    ) -> Self {
        GroupCommit {
            inner: Arc::new(Inner {
                connect: Box::new(connect),
                queue: Queue::new(),
            }),
        }
    }

    /// Runs `f` in a savepoint of a batch transaction; answers `f`'s result once the batch
    /// is committed.
    pub async fn write<T, F>(&self, f: F) -> Result<T>
    where
        F: FnOnce(&mut AnyConnection) -> Result<T> + Send + 'static,
        T: Send + 'static,
    {
        let (tx, rx) = oneshot::channel::<Result<T>>();
        let job: Job = Box::new(move |conn, unavailable| {
            let Some(conn) = conn else {
                let _ = tx.send(Err(unavailable()));
                return Box::new(|_| {});
            };
            let result = in_savepoint(conn, f);
            Box::new(move |commit_error| {
                let _ = tx.send(match (result, commit_error) {
                    (Ok(_), Some(e)) => Err(copy_of(e)),
                    (r, _) => r,
                });
            })
        });
        // One drain: SQLite has one writer.
        drain::push(&self.inner, Inner::queue, job, MAX_BATCH, 1, Inner::run);
        // A write whose job was dropped unanswered panicked (or its batch did).
        rx.await.unwrap_or_else(|_| {
            Err(Error::internal(anyhow::anyhow!(
                "the write failed unexpectedly (panicked)"
            )))
        })
    }
}

/// Runs the batch in one transaction and completes every write with the outcome.
fn run_batch(connect: &Connect, batch: Vec<Job>) {
    if batch.is_empty() {
        return;
    }
    let mut batch = Some(batch);
    connect(&mut |conn, unavailable| {
        let Some(batch) = batch.take() else { return };
        let Some(conn) = conn else {
            for job in batch {
                job(None, unavailable)(None);
            }
            return;
        };
        let mut completions: Vec<Completion> = Vec::with_capacity(batch.len());
        let outcome = <AnyConnection as Connection>::transaction::<_, Error, _>(conn, |c| {
            let depth = depth_of(c);
            for job in batch {
                match catch_unwind(AssertUnwindSafe(|| job(Some(c), unavailable))) {
                    Ok(done) => completions.push(done),
                    Err(_) => {
                        // The write's savepoint may still be open: roll it back (or give up
                        // the batch when that fails).
                        if depth_of(c) > depth {
                            Manager::rollback_transaction(c).map_err(|e| {
                                Error::unavailable(anyhow::anyhow!(
                                    "a write panicked and its savepoint could not be rolled \
                                     back: {e}"
                                ))
                            })?;
                        }
                    }
                }
            }
            Ok(())
        });
        let error = outcome.err();
        for done in completions {
            done(error.as_ref());
        }
    });
}

type Manager = <AnyConnection as Connection>::TransactionManager;

/// How many transactions and savepoints are open on `conn` (0 when its state is broken).
fn depth_of(conn: &mut AnyConnection) -> u32 {
    Manager::transaction_manager_status_mut(conn)
        .transaction_depth()
        .ok()
        .flatten()
        .map_or(0, |d| d.get())
}

/// `f` in a savepoint (a transaction nested in the batch's): rolled back alone if it fails.
fn in_savepoint<T>(
    conn: &mut AnyConnection,
    f: impl FnOnce(&mut AnyConnection) -> Result<T>,
) -> Result<T> {
    // When SQLite has rolled back the whole transaction on the write's error (a full disk,
    // say), rolling back to the savepoint fails, and that failure is what the write answers:
    // the log keeps the cause.
    let mut cause = None;
    let result = <AnyConnection as Connection>::transaction(conn, |c| {
        f(c).inspect_err(|e| cause = Some(e.to_string()))
    });
    if let (Err(e), Some(cause)) = (&result, cause) {
        let answered = e.to_string();
        if answered != cause {
            log::warn!("a write failed ({cause}), then its savepoint: {answered}");
        }
    }
    result
}

/// The batch's commit error, once for each write it fails.
fn copy_of(e: &Error) -> Error {
    Error::unavailable(anyhow::anyhow!("the write could not be committed: {e}"))
}

#[cfg(test)]
mod tests {
    use std::sync::Mutex;

    use diesel::connection::SimpleConnection;
    use diesel::{RunQueryDsl, SqliteConnection};

    use super::*;

    /// A SQLite file in a fresh folder, with one table, behind a lock (the batch's connection).
    fn database() -> (tempfile::TempDir, Arc<Mutex<AnyConnection>>) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.db");
        let mut c = SqliteConnection::establish(&path.to_string_lossy()).unwrap();
        c.batch_execute("PRAGMA journal_mode = WAL; CREATE TABLE t (v INTEGER NOT NULL)")
            .unwrap();
        (dir, Arc::new(Mutex::new(AnyConnection::Sqlite(c))))
    }

    fn insert(c: &mut AnyConnection, v: i64) -> Result<()> {
        diesel::sql_query(format!("INSERT INTO t (v) VALUES ({v})")).execute(c)?;
        Ok(())
    }

    fn values(conn: &Arc<Mutex<AnyConnection>>) -> Vec<i64> {
        #[derive(diesel::QueryableByName)]
        struct V {
            #[diesel(sql_type = diesel::sql_types::BigInt)]
            v: i64,
        }
        let mut c = conn.lock().unwrap();
        let rows: Vec<V> = diesel::sql_query("SELECT v FROM t ORDER BY v")
            .load(&mut *c)
            .unwrap();
        rows.into_iter().map(|r| r.v).collect()
    }

    /// Runs `write(i)` for i in 0..n from n tasks released at once; answers the results.
    fn race<T: Send + 'static>(
        conn: &Arc<Mutex<AnyConnection>>,
        n: usize,
        write: impl Fn(usize) -> Box<dyn FnOnce(&mut AnyConnection) -> Result<T> + Send> + Sync,
    ) -> Vec<Result<T>> {
        let lent = conn.clone();
        let gc = GroupCommit::new(move |run| {
            let mut c = lent.lock().unwrap();
            run(Some(&mut c), &|| {
                Error::unavailable(anyhow::anyhow!("none"))
            })
        });
        let runtime = tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap();
        let start = Arc::new(tokio::sync::Barrier::new(n));
        runtime.block_on(async {
            let tasks: Vec<_> = (0..n)
                .map(|i| {
                    let (gc, start, f) = (gc.clone(), start.clone(), write(i));
                    tokio::spawn(async move {
                        start.wait().await;
                        gc.write(f).await
                    })
                })
                .collect();
            let mut results = Vec::with_capacity(n);
            for t in tasks {
                results.push(t.await.unwrap());
            }
            results
        })
    }

    #[test]
    fn every_write_is_committed_once() {
        let (_dir, conn) = database();
        let results = race(&conn, 48, |i| Box::new(move |c| insert(c, i as i64)));
        assert!(results.iter().all(|r| r.is_ok()));
        assert_eq!(values(&conn), (0..48).collect::<Vec<i64>>());
    }

    #[test]
    fn a_failing_write_is_rolled_back_alone() {
        let (_dir, conn) = database();
        let results = race(&conn, 40, |i| {
            Box::new(move |c| {
                insert(c, i as i64)?;
                if i % 4 == 0 {
                    return Err(Error::invalid(format!("write {i} refused")));
                }
                Ok(i)
            })
        });
        for (i, r) in results.iter().enumerate() {
            match r {
                Ok(v) => assert_eq!(*v, i),
                Err(e) => {
                    assert_eq!(i % 4, 0);
                    assert!(e.devmsg.contains("refused"), "{e}");
                }
            }
        }
        let want: Vec<i64> = (0..40).filter(|i| i % 4 != 0).collect();
        assert_eq!(values(&conn), want);
    }

    #[test]
    fn a_panicking_write_fails_alone() {
        let (_dir, conn) = database();
        let results = race(&conn, 24, |i| {
            Box::new(move |c| {
                insert(c, i as i64)?;
                if i == 7 {
                    panic!("write 7 panics");
                }
                Ok(())
            })
        });
        for (i, r) in results.iter().enumerate() {
            assert_eq!(r.is_err(), i == 7, "write {i}: {:?}", r.as_ref().err());
        }
        let want: Vec<i64> = (0..24).filter(|i| *i != 7).collect();
        assert_eq!(values(&conn), want);
    }
}
