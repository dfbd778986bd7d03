//! The connection to either backend, the pool, migrations, and the two ways every service
//! reaches the database: `Db::read` and `Db::write`, each one transaction on a blocking thread.

use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use diesel::connection::SimpleConnection;
use diesel::r2d2::{
    ConnectionManager, CustomizeConnection, ManageConnection, Pool, PooledConnection,
    R2D2Connection,
};
use diesel::{Connection, PgConnection, SqliteConnection};
use diesel_migrations::{embed_migrations, EmbeddedMigrations, MigrationHarness};

use interact_errors::{Error, Result};

use crate::group_commit::GroupCommit;

const SQLITE_MIGRATIONS: EmbeddedMigrations = embed_migrations!("../../migrations/sqlite");
const POSTGRES_MIGRATIONS: EmbeddedMigrations = embed_migrations!("../../migrations/postgres");

/// One connection type over both backends, so that one query set serves both.
#[derive(diesel::MultiConnection)]
pub enum AnyConnection {
    Postgresql(PgConnection),
    Sqlite(SqliteConnection),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// Where the database is, parsed from a `DATABASE_URL`: `sqlite://PATH` (relative or absolute)
/// or `postgres://…` / `postgresql://…`. Anything else is refused rather than taken as a path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DatabaseUrl {
    Sqlite(String),
    Postgres(String),
}

impl DatabaseUrl {
    pub fn parse(url: &str) -> anyhow::Result<Self> {
        if let Some(path) = url.strip_prefix("sqlite://") {
            if path.is_empty() {
                anyhow::bail!("DATABASE_URL {url:?} names no file");
            }
            Ok(DatabaseUrl::Sqlite(path.to_string()))
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Ok(DatabaseUrl::Postgres(url.to_string()))
        } else {
            anyhow::bail!("DATABASE_URL must start with sqlite:// or postgres://")
        }
    }
}

/// A pooled connection and whether a request found it dead: the pool discards it when it comes
/// back instead of handing it to the next request.
pub struct PooledConn {
    conn: AnyConnection,
    broken: bool,
}

/// The pool's manager: diesel's, plus the `broken` mark. The pool does not ping on checkout
/// (a round trip on every request); a connection that fails is discarded instead.
pub struct Manager(ConnectionManager<AnyConnection>);

impl ManageConnection for Manager {
    type Connection = PooledConn;
    type Error = diesel::r2d2::Error;

    fn connect(&self) -> Result<PooledConn, Self::Error> {
        Ok(PooledConn {
            conn: self.0.connect()?,
            broken: false,
        })
    }

    fn is_valid(&self, c: &mut PooledConn) -> Result<(), Self::Error> {
        self.0.is_valid(&mut c.conn)
    }

    fn has_broken(&self, c: &mut PooledConn) -> bool {
        c.broken || self.0.has_broken(&mut c.conn)
    }
}

/// What every new connection of the pool is set to.
///
/// SQLite: WAL, full sync, foreign keys, a busy timeout.
///
/// PostgreSQL: `plan_cache_mode = force_generic_plan`. Diesel prepares each statement once per
/// connection, but PostgreSQL's default (`auto`) plans a prepared statement anew for every
/// execution whenever its generic plan is estimated dearer than a custom one, and it is for
/// every statement bound to an id list (`= ANY($n)`, `store::idlist`: the array's length is
/// unknown, so the generic plan expects more rows than one id gives). A profile of `GET
/// /v2/contacts/:id` showed PostgreSQL spending 47 % of the machine in the planner
/// (`GetCachedPlan`) and 9 % executing (docs/performance.md, "Generic plans"). The statements
/// of this server filter by indexed keys, whose generic plans are the custom ones; none of
/// `scripts/bench` and `scripts/bench-canvass` (dynamic filters) got slower.
///
/// And `jit = off`: a generic plan over arrays (the batched reads of `store::batch`) is
/// estimated for many rows, and above `jit_above_cost` PostgreSQL compiles the statement with
/// LLVM on every execution: 38 ms of compiling for a search that runs in 0.3 ms
/// (docs/performance.md, "Session 16"). No statement of this server runs long enough to win
/// it back.
#[derive(Debug)]
struct SessionSettings;

impl CustomizeConnection<PooledConn, diesel::r2d2::Error> for SessionSettings {
    fn on_acquire(&self, conn: &mut PooledConn) -> Result<(), diesel::r2d2::Error> {
        match &mut conn.conn {
            AnyConnection::Sqlite(c) => c.batch_execute(
                "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; \
                 PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 10000;",
            ),
            AnyConnection::Postgresql(c) => {
                c.batch_execute("SET plan_cache_mode = force_generic_plan; SET jit = off")
            }
        }
        .map_err(diesel::r2d2::Error::QueryError)
    }
}

/// Initialises OpenSSL (libpq's TLS) WITHOUT its exit handler; call it before the process
/// opens its first PostgreSQL connection (`Db::connect` does). The first initialisation
/// decides: libpq initialises OpenSSL with the exit handler. Pools open connections on
/// threads of their own; when the process exits while one of them is in a TLS handshake,
/// the exit handler frees the state that handshake is reading. `admin create` on PostgreSQL
/// crashed with SIGSEGV after its work about one run in ten (a core showed `OPENSSL_cleanup`
/// on the main thread and `tls_process_server_hello` on the pool's); the API test binary,
/// whose harness connected with libpq before any server did, one run in eight (a core showed
/// `OPENSSL_cleanup` → `init_thread_deregister` on the main thread after all tests passed).
pub fn init_tls() {
    openssl_sys::init();
}

/// The pool and what it needs to run transactions on either backend.
#[derive(Clone)]
pub struct Db {
    pool: Pool<Manager>,
    backend: Backend,
    /// SQLite allows one writer; a deferred transaction that upgrades to a write while another
    /// writes fails with SQLITE_BUSY without waiting. One writer at a time in this process
    /// (the only one SQLite deployments have) avoids that, and the writes that wait for it are
    /// committed together (`group_commit`).
    writer: Option<GroupCommit>,
    /// The PostgreSQL URL, for connections outside the pool (the bus listener).
    pg_url: Option<String>,
    /// The pool's waits, for metrics.
    events: crate::pool_stats::PoolEvents,
    /// SQLite: connections taken from the pool for [`Db::read_quick`], one per slot.
    quick: Arc<[Mutex<Option<Conn>>]>,
}

/// Runs `f` in a read transaction on the connection of this slot, if the slot is free and
/// has one; gives `f` back otherwise. A connection found broken goes back to the pool, and so
/// does the one of a read that panicked (its transaction may be open; the pool discards it).
fn try_quick<T, F>(slot: &Mutex<Option<Conn>>, f: F) -> std::result::Result<Result<T>, F>
where
    F: FnOnce(&mut AnyConnection) -> Result<T>,
{
    let mut held = match slot.try_lock() {
        Ok(held) => held,
        Err(std::sync::TryLockError::WouldBlock) => return Err(f),
        Err(std::sync::TryLockError::Poisoned(p)) => {
            *p.into_inner() = None;
            slot.clear_poison();
            return Err(f);
        }
    };
    let Some(conn) = held.as_mut() else {
        return Err(f);
    };
    let r = in_transaction(conn, f);
    if conn.broken {
        *held = None;
    }
    Ok(r)
}

/// The slot of [`Db::quick`] this thread uses.
fn quick_slot(slots: usize) -> usize {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    thread_local! {
        static SLOT: usize = NEXT.fetch_add(1, Ordering::Relaxed);
    }
    SLOT.with(|s| *s % slots)
}

pub type Conn = PooledConnection<Manager>;

/// The largest page a [`Db::read_quick`] may read.
pub const QUICK_PAGE: i64 = 100;

/// Whether a page of at most `limit` items (None: to the end) is a quick page: its work is
/// bounded, for [`Db::read_page`] and for the batched reads of [`crate::batch`].
pub fn is_quick_page(limit: Option<i64>) -> bool {
    limit.is_some_and(|l| l <= QUICK_PAGE)
}

impl std::ops::Deref for PooledConn {
    type Target = AnyConnection;
    fn deref(&self) -> &AnyConnection {
        &self.conn
    }
}

impl std::ops::DerefMut for PooledConn {
    fn deref_mut(&mut self) -> &mut AnyConnection {
        &mut self.conn
    }
}

/// Runs `f` in one transaction on `conn`. A connection the database closed under it (or
/// one left in a broken transaction state, such as a failed rollback) is marked broken, so
/// the pool discards it, and a server-side error on it becomes the 503 of an unreachable
/// database: the next request gets a fresh connection.
fn in_transaction<T, F>(conn: &mut PooledConn, f: F) -> Result<T>
where
    F: FnOnce(&mut AnyConnection) -> Result<T>,
{
    guarded(conn, |c| AnyConnection::transaction(c, f))
}

/// Runs `f` on `conn` with the broken-connection handling of [`in_transaction`], without
/// opening a transaction (each statement commits by itself).
fn guarded<T, F>(conn: &mut PooledConn, f: F) -> Result<T>
where
    F: FnOnce(&mut AnyConnection) -> Result<T>,
{
    match f(&mut conn.conn) {
        Ok(v) => Ok(v),
        Err(e) => {
            let closed = e.detail == interact_errors::Detail::Unavailable;
            if closed || R2D2Connection::is_broken(&mut conn.conn) {
                conn.broken = true;
                if !closed && !e.is_client_error() {
                    log::warn!("discarding a database connection after: {e}");
                    return Err(Error::unavailable(anyhow::anyhow!(
                        "the database connection failed: {e}"
                    )));
                }
            }
            Err(e)
        }
    }
}

/// How large a write's savepoint journal may grow in memory before SQLite moves it to a
/// temporary file (`SQLITE_CONFIG_STMTJRNL_SPILL`; SQLite's default is 64 KiB). Every write of
/// a batch runs in a savepoint ([`GroupCommit`]), whose journal keeps the pages the write
/// changes that the batch's earlier writes had changed already: a contact's creation needs
/// more than 64 KiB, so each one went to a temporary file, and the kernel's file writes led
/// the writer's profile (docs/performance.md, "Session 13"). The journal is emptied when its
/// savepoint is released; only the one writing connection has one at a time.
///
/// At most 128 KiB less one byte: SQLite copies the in-memory journal to its file in pieces
/// of this size when it spills, and writes at most 0x1ffff bytes a call (`seekAndWriteFd`
/// masks the length with it). At 4 MiB, as in session 13, the length masked to 0, the write
/// "wrote" nothing, and every write whose journal outgrew 4 MiB (an import of 2,000 vCards)
/// failed with SQLITE_FULL, "database or disk is full" (docs/decisions.md, "Session 18").
const SAVEPOINT_JOURNAL_IN_MEMORY: std::os::raw::c_int = 0x1ffff;

/// Sets SQLite's process-wide configuration, once, before SQLite starts (its first
/// connection, or the memory bound). A process whose SQLite already started (a test binary
/// that opened one before) keeps SQLite's defaults: the setting changes speed, not results.
fn configure_sqlite() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        // SAFETY: a configuration call that SQLite refuses (SQLITE_MISUSE) once it has
        // started; the option takes one int.
        let rc = unsafe {
            libsqlite3_sys::sqlite3_config(
                libsqlite3_sys::SQLITE_CONFIG_STMTJRNL_SPILL,
                SAVEPOINT_JOURNAL_IN_MEMORY,
            )
        };
        if rc != libsqlite3_sys::SQLITE_OK {
            log::debug!("SQLite started already; its savepoint journals spill at 64 KiB");
        }
    });
}

/// Bounds SQLite's memory in this process (all connections together) to about `bytes`: past
/// it, SQLite reuses the pages of its caches instead of allocating more (a soft limit: a
/// statement never fails for it). Without a bound each connection keeps up to 2 MiB of pages
/// (SQLite's default `cache_size`) plus its schema and prepared statements, and the sum grows
/// with the pool and the database (docs/performance.md, "Memory under steady load"). 0: no
/// bound. Process-wide; the last call wins.
pub fn limit_sqlite_memory(bytes: i64) {
    configure_sqlite();
    // SAFETY: sets SQLite's global soft heap limit; thread-safe in a thread-safe build.
    unsafe {
        libsqlite3_sys::sqlite3_soft_heap_limit64(bytes.max(0));
    }
}

impl Db {
    /// Opens the pool; for SQLite creates the file's folder. Does not migrate.
    pub fn connect(url: &str, pool_size: u32) -> anyhow::Result<Db> {
        let parsed = DatabaseUrl::parse(url)?;
        let (manager_url, backend) = match &parsed {
            DatabaseUrl::Sqlite(path) => {
                configure_sqlite();
                if let Some(dir) = Path::new(path).parent() {
                    if !dir.as_os_str().is_empty() {
                        std::fs::create_dir_all(dir)?;
                    }
                }
                (format!("sqlite://{path}"), Backend::Sqlite)
            }
            DatabaseUrl::Postgres(u) => {
                init_tls();
                (u.clone(), Backend::Postgres)
            }
        };
        let manager = Manager(ConnectionManager::<AnyConnection>::new(manager_url));
        let events = crate::pool_stats::PoolEvents::default();
        let pool = Pool::builder()
            .event_handler(Box::new(events.clone()))
            .test_on_check_out(false)
            .max_size(pool_size.max(2))
            .min_idle(Some(1))
            .connection_timeout(Duration::from_secs(10))
            .connection_customizer(Box::new(SessionSettings))
            .build(manager)?;
        let writer = (backend == Backend::Sqlite).then(|| {
            let pool = pool.clone();
            GroupCommit::new(move |run| match pool.get() {
                Ok(mut conn) => {
                    run(Some(&mut conn.conn), &|| {
                        Error::unavailable(anyhow::anyhow!("no database connection"))
                    });
                    if R2D2Connection::is_broken(&mut conn.conn) {
                        conn.broken = true;
                    }
                }
                Err(e) => {
                    let msg = e.to_string();
                    run(None, &|| Error::unavailable(anyhow::anyhow!("{msg}")));
                }
            })
        });
        let pg_url = match parsed {
            DatabaseUrl::Postgres(u) => Some(u),
            DatabaseUrl::Sqlite(_) => None,
        };
        // A quarter of the pool at most serves quick reads (each slot keeps one connection).
        let slots = if backend == Backend::Sqlite {
            (pool_size.max(2) / 4).max(1) as usize
        } else {
            0
        };
        let quick = (0..slots).map(|_| Mutex::new(None)).collect();
        Ok(Db {
            pool,
            backend,
            writer,
            pg_url,
            events,
            quick,
        })
    }

    /// SQLite's memory in this process (every connection's page cache, schema and prepared
    /// statements) and the most it has held since start, in bytes; `None` on PostgreSQL.
    pub fn sqlite_memory(&self) -> Option<(i64, i64)> {
        // SAFETY: both only read SQLite's global memory counters (thread-safe build).
        (self.backend == Backend::Sqlite).then(|| unsafe {
            (
                libsqlite3_sys::sqlite3_memory_used(),
                libsqlite3_sys::sqlite3_memory_highwater(0),
            )
        })
    }

    /// The pool's connections, idle ones and waits, for metrics.
    pub fn pool_state(&self) -> crate::pool_stats::PoolState {
        let s = self.pool.state();
        self.events.state(s.connections, s.idle_connections)
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// A listener for the notification bus: on PostgreSQL only, where several server
    /// processes may share the database.
    pub fn bus_listener(&self) -> Option<anyhow::Result<crate::notify::Listener>> {
        self.pg_url.as_deref().map(crate::notify::Listener::connect)
    }

    /// Runs the pending migrations of this backend.
    pub fn migrate(&self) -> anyhow::Result<()> {
        let mut conn = self.pool.get()?;
        let applied = match &mut conn.conn {
            AnyConnection::Sqlite(c) => c.run_pending_migrations(SQLITE_MIGRATIONS),
            AnyConnection::Postgresql(c) => c.run_pending_migrations(POSTGRES_MIGRATIONS),
        }
        .map_err(|e| anyhow::anyhow!("migration failed: {e}"))?;
        for m in applied {
            log::info!("applied migration {m}");
        }
        Ok(())
    }

    /// A connection outside any transaction, for start-up work and tests.
    pub fn conn(&self) -> Result<Conn> {
        self.pool.get().map_err(Error::unavailable)
    }

    /// Runs `f`, which only reads, on a blocking thread.
    ///
    /// SQLite: in one read transaction (one snapshot for all of `f`'s statements, and no round
    /// trip to pay for it). PostgreSQL: without a transaction. At PostgreSQL's READ COMMITTED
    /// level every statement takes its own snapshot inside a transaction too, so `BEGIN` and
    /// `COMMIT` would add two round trips and change nothing `f` sees; the hot reads are one
    /// statement each. A read that needs one snapshot across its statements uses
    /// [`Db::snapshot`].
    pub async fn read<T, F>(&self, f: F) -> Result<T>
    where
        F: FnOnce(&mut AnyConnection) -> Result<T> + Send + 'static,
        T: Send + 'static,
    {
        let db = self.clone();
        run_blocking(move || db.read_here(f)).await
    }

    /// [`Db::read`] on the calling thread, which may block (a drain of
    /// [`crate::batch::ReadBatch`]).
    pub(crate) fn read_here<T, F>(&self, f: F) -> Result<T>
    where
        F: FnOnce(&mut AnyConnection) -> Result<T>,
    {
        let mut conn = self.pool.get().map_err(Error::unavailable)?;
        match self.backend {
            Backend::Sqlite => in_transaction(&mut conn, f),
            Backend::Postgres => guarded(&mut conn, f),
        }
    }

    /// Runs `f`, a read whose work is bounded (one entity, a page of at most
    /// [`QUICK_PAGE`] entities), like [`Db::read`] — but on SQLite on the calling thread, on a
    /// connection kept for this thread's slot, when that slot is free. A SQLite read of that
    /// size takes tens of microseconds; handing it to a blocking thread and back costs more
    /// than the read (two thread wake-ups, the pool's lock): the profile of `GET
    /// /v2/contacts/:id` showed more time in the kernel's scheduler and futexes than in
    /// SQLite. Elsewhere (PostgreSQL, whose reads wait for the network; a slot in use) it is
    /// [`Db::read`].
    pub async fn read_quick<T, F>(&self, f: F) -> Result<T>
    where
        F: FnOnce(&mut AnyConnection) -> Result<T> + Send + 'static,
        T: Send + 'static,
    {
        if self.quick.is_empty() {
            return self.read(f).await;
        }
        let index = quick_slot(self.quick.len());
        let f = match try_quick(&self.quick[index], f) {
            Ok(r) => return r,
            Err(f) => f,
        };
        // The slot is in use, or has no connection yet: an ordinary read, whose connection
        // then stays in the slot if the slot has none.
        let (pool, quick) = (self.pool.clone(), self.quick.clone());
        run_blocking(move || {
            let mut conn = pool.get().map_err(Error::unavailable)?;
            let r = in_transaction(&mut conn, f);
            if !conn.broken {
                if let Ok(mut held) = quick[index].try_lock() {
                    if held.is_none() {
                        *held = Some(conn);
                    }
                }
            }
            r
        })
        .await
    }

    /// A read of one page of `limit` entities (None: all of them): [`Db::read_quick`] when the
    /// page is at most [`QUICK_PAGE`] long, else [`Db::read`].
    pub async fn read_page<T, F>(&self, limit: Option<i64>, f: F) -> Result<T>
    where
        F: FnOnce(&mut AnyConnection) -> Result<T> + Send + 'static,
        T: Send + 'static,
    {
        if is_quick_page(limit) {
            self.read_quick(f).await
        } else {
            self.read(f).await
        }
    }

    /// Runs `f`, which only reads, in one transaction on either backend, on a blocking thread:
    /// for reads that set the transaction's isolation level (sync's snapshot).
    pub async fn snapshot<T, F>(&self, f: F) -> Result<T>
    where
        F: FnOnce(&mut AnyConnection) -> Result<T> + Send + 'static,
        T: Send + 'static,
    {
        let pool = self.pool.clone();
        run_blocking(move || {
            let mut conn = pool.get().map_err(Error::unavailable)?;
            in_transaction(&mut conn, f)
        })
        .await
    }

    /// Runs `f` in a write transaction; the transaction is committed before this returns, so
    /// whatever the caller answers is durable. SQLite: in a batch of the one writer
    /// ([`GroupCommit`]); PostgreSQL: in a transaction of its own on a blocking thread.
    pub async fn write<T, F>(&self, f: F) -> Result<T>
    where
        F: FnOnce(&mut AnyConnection) -> Result<T> + Send + 'static,
        T: Send + 'static,
    {
        if let Some(writer) = &self.writer {
            return writer.write(f).await;
        }
        let pool = self.pool.clone();
        run_blocking(move || {
            let mut conn = pool.get().map_err(Error::unavailable)?;
            in_transaction(&mut conn, f)
        })
        .await
    }

    /// Runs `f`, a write whose statements each make a whole change (data-modifying `WITH`s),
    /// on PostgreSQL outside any transaction, on the calling thread, which may block (a drain
    /// of [`crate::contact_writes::WriteBatch`]): each statement commits by itself, after its
    /// WAL flush, before it answers, so whatever the caller answers once `f` returns is
    /// durable, and the write costs no `BEGIN` and `COMMIT` round trips. A failed statement
    /// writes nothing. The broken-connection handling is [`Db::read`]'s.
    pub(crate) fn write_alone_here<T, F>(&self, f: F) -> Result<T>
    where
        F: FnOnce(&mut AnyConnection) -> Result<T>,
    {
        let mut conn = self.pool.get().map_err(Error::unavailable)?;
        guarded(&mut conn, f)
    }

    /// Whether the database answers (for `/readyz`).
    pub async fn ping(&self) -> Result<()> {
        self.read(|conn| {
            conn.batch_execute("SELECT 1").map_err(Error::from)?;
            Ok(())
        })
        .await
    }
}

async fn run_blocking<T, F>(f: F) -> Result<T>
where
    F: FnOnce() -> Result<T> + Send + 'static,
    T: Send + 'static,
{
    match tokio::task::spawn_blocking(f).await {
        Ok(r) => r,
        Err(e) => Err(Error::internal(anyhow::anyhow!(
            "database task failed: {e}"
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_urls() {
        assert_eq!(
            DatabaseUrl::parse("sqlite://./data/interact.db").unwrap(),
            DatabaseUrl::Sqlite("./data/interact.db".into())
        );
        assert_eq!(
            DatabaseUrl::parse("sqlite:///var/lib/interact/interact.db").unwrap(),
            DatabaseUrl::Sqlite("/var/lib/interact/interact.db".into())
        );
        assert!(matches!(
            DatabaseUrl::parse("postgres://localhost/x").unwrap(),
            DatabaseUrl::Postgres(_)
        ));
        assert!(DatabaseUrl::parse("/tmp/x.db").is_err());
        assert!(DatabaseUrl::parse("sqlite://").is_err());
    }
}
