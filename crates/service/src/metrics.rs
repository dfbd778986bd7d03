//! What a running server counts for `GET /metrics` (the Prometheus text format): requests,
//! latencies, the database pool, websockets, pushes, the APNs outbox, the journal watcher and
//! throttled logins. One registry per server (per `Ctx`), so servers in one process (tests)
//! count apart.

use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Instant;

use interact_errors::{Error, Result};
use interact_store::apns_outbox;
use prometheus::{
    Counter, Encoder, Gauge, Histogram, HistogramOpts, HistogramVec, IntCounter, IntCounterVec,
    IntGauge, IntGaugeVec, Opts, Registry, TextEncoder,
};

use crate::Ctx;

/// The content type of the Prometheus text exposition format.
pub const CONTENT_TYPE: &str = "text/plain; version=0.0.4; charset=utf-8";

/// Request latency buckets, in seconds: 1 ms to 10 s.
const LATENCY_BUCKETS: &[f64] = &[
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0,
];

/// The counters and gauges of one server.
pub struct Metrics {
    registry: Registry,
    /// `interact_http_requests_total{route,method,status}`: answered requests by route
    /// template (`/v2/contacts/{id}`; `unmatched` for paths no route has).
    pub http_requests: IntCounterVec,
    /// `interact_http_request_duration_seconds{route,method}`.
    pub http_duration: HistogramVec,
    /// `interact_websockets_open`: push websockets open in this process.
    pub websockets_open: IntGauge,
    /// `interact_pushes_sent_total{channel,kind}`: websocket frames (`interaction`,
    /// `sync_hint`) and APNs notifications (`apns`/`alert`) delivered.
    pub pushes_sent: IntCounterVec,
    /// `interact_apns_attempts_failed_total`: APNs posts that failed (retried or given up).
    pub apns_attempts_failed: IntCounter,
    /// `interact_logins_throttled_total`: logins answered 429.
    pub logins_throttled: IntCounter,
    /// `interact_journal_watcher_pass_seconds`: how long one pass of the journal watcher took.
    pub journal_watch_pass: Histogram,
    /// When the journal watcher last completed a pass (ms since `started`).
    journal_last_pass_ms: AtomicI64,
    started: Instant,
    journal_lag: Gauge,
    pool_connections: IntGaugeVec,
    pool_waits: IntCounter,
    pool_wait_seconds: Counter,
    pool_timeouts: IntCounter,
    apns_outbox: IntGaugeVec,
    sqlite_memory: IntGaugeVec,
    contact_cache_bytes: IntGauge,
    contact_cache_reads: IntCounterVec,
    journal_cache_bytes: IntGauge,
    /// One scrape at a time brings the pool's counters up to date.
    scrape: Mutex<()>,
}

impl Metrics {
    pub fn new() -> Arc<Metrics> {
        let registry = Registry::new();
        let http_requests = IntCounterVec::new(
            Opts::new(
                "interact_http_requests_total",
                "HTTP requests answered, by route template, method and status.",
            ),
            &["route", "method", "status"],
        )
        .unwrap_or_else(|e| panic!("metric: {e}"));
        let http_duration = HistogramVec::new(
            HistogramOpts::new(
                "interact_http_request_duration_seconds",
                "Time from a request's arrival to its answer, by route template and method.",
            )
            .buckets(LATENCY_BUCKETS.to_vec()),
            &["route", "method"],
        )
        .unwrap_or_else(|e| panic!("metric: {e}"));
        let websockets_open = IntGauge::new(
            "interact_websockets_open",
            "Push websockets open in this process.",
        )
        .unwrap_or_else(|e| panic!("metric: {e}"));
        let pushes_sent = IntCounterVec::new(
            Opts::new(
                "interact_pushes_sent_total",
                "Pushes delivered: websocket frames and APNs notifications.",
            ),
            &["channel", "kind"],
        )
        .unwrap_or_else(|e| panic!("metric: {e}"));
        let apns_attempts_failed = IntCounter::new(
            "interact_apns_attempts_failed_total",
            "APNs deliveries that failed an attempt (retried later, or marked failed).",
        )
        .unwrap_or_else(|e| panic!("metric: {e}"));
        let logins_throttled = IntCounter::new(
            "interact_logins_throttled_total",
            "Logins refused with 429 because of too many failed attempts.",
        )
        .unwrap_or_else(|e| panic!("metric: {e}"));
        let journal_watch_pass = Histogram::with_opts(
            HistogramOpts::new(
                "interact_journal_watcher_pass_seconds",
                "Duration of one pass of the journal watcher (sync hints for open websockets).",
            )
            .buckets(LATENCY_BUCKETS.to_vec()),
        )
        .unwrap_or_else(|e| panic!("metric: {e}"));
        let journal_lag = Gauge::new(
            "interact_journal_watcher_lag_seconds",
            "Seconds since the journal watcher last completed a pass: with the watch \
             period, the most a sync hint can lag behind its change.",
        )
        .unwrap_or_else(|e| panic!("metric: {e}"));
        let pool_connections = IntGaugeVec::new(
            Opts::new(
                "interact_db_pool_connections",
                "Database connections of this process's pool, in use or idle.",
            ),
            &["state"],
        )
        .unwrap_or_else(|e| panic!("metric: {e}"));
        let pool_waits = IntCounter::new(
            "interact_db_pool_waits_total",
            "Checkouts from the database pool that had to wait for a connection.",
        )
        .unwrap_or_else(|e| panic!("metric: {e}"));
        let pool_wait_seconds = Counter::new(
            "interact_db_pool_wait_seconds_total",
            "Time spent waiting for database connections.",
        )
        .unwrap_or_else(|e| panic!("metric: {e}"));
        let pool_timeouts = IntCounter::new(
            "interact_db_pool_timeouts_total",
            "Checkouts from the database pool that gave up waiting.",
        )
        .unwrap_or_else(|e| panic!("metric: {e}"));
        let apns_outbox = IntGaugeVec::new(
            Opts::new(
                "interact_apns_outbox",
                "APNs deliveries in the outbox of the whole database: pending (not yet \
                 delivered) or failed (given up).",
            ),
            &["status"],
        )
        .unwrap_or_else(|e| panic!("metric: {e}"));
        let sqlite_memory = IntGaugeVec::new(
            Opts::new(
                "interact_sqlite_memory_bytes",
                "SQLite's memory in this process (page caches, schemas, prepared statements \
                 of every connection): now (`used`) and the most since start (`highwater`). \
                 Bounded by INTERACT_SQLITE_MEMORY. SQLite only.",
            ),
            &["kind"],
        )
        .unwrap_or_else(|e| panic!("metric: {e}"));
        let contact_cache_bytes = IntGauge::new(
            "interact_contact_cache_bytes",
            "Bytes of contacts kept between reads in this process, as answered (the wire \
             contact and its JSON); at most INTERACT_CONTACT_CACHE MiB.",
        )
        .unwrap_or_else(|e| panic!("metric: {e}"));
        let contact_cache_reads = IntCounterVec::new(
            Opts::new(
                "interact_contact_cache_reads_total",
                "Contacts answered as kept (`hit`) or read from the database (`miss`: not \
                 kept, or changed since).",
            ),
            &["result"],
        )
        .unwrap_or_else(|e| panic!("metric: {e}"));
        let journal_cache_bytes = IntGauge::new(
            "interact_journal_cache_bytes",
            "Bytes of journal entries (GET /v2/activities) kept between reads in this \
             process; at most INTERACT_JOURNAL_CACHE MiB.",
        )
        .unwrap_or_else(|e| panic!("metric: {e}"));
        let m = Metrics {
            registry,
            http_requests,
            http_duration,
            websockets_open,
            pushes_sent,
            apns_attempts_failed,
            logins_throttled,
            journal_watch_pass,
            journal_last_pass_ms: AtomicI64::new(0),
            started: Instant::now(),
            journal_lag,
            pool_connections,
            pool_waits,
            pool_wait_seconds,
            pool_timeouts,
            apns_outbox,
            sqlite_memory,
            contact_cache_bytes,
            contact_cache_reads,
            journal_cache_bytes,
            scrape: Mutex::new(()),
        };
        let collectors: Vec<Box<dyn prometheus::core::Collector>> = vec![
            Box::new(m.http_requests.clone()),
            Box::new(m.http_duration.clone()),
            Box::new(m.websockets_open.clone()),
            Box::new(m.pushes_sent.clone()),
            Box::new(m.apns_attempts_failed.clone()),
            Box::new(m.logins_throttled.clone()),
            Box::new(m.journal_watch_pass.clone()),
            Box::new(m.journal_lag.clone()),
            Box::new(m.pool_connections.clone()),
            Box::new(m.pool_waits.clone()),
            Box::new(m.pool_wait_seconds.clone()),
            Box::new(m.pool_timeouts.clone()),
            Box::new(m.apns_outbox.clone()),
            Box::new(m.sqlite_memory.clone()),
            Box::new(m.contact_cache_bytes.clone()),
            Box::new(m.contact_cache_reads.clone()),
            Box::new(m.journal_cache_bytes.clone()),
        ];
        for c in collectors {
            m.registry
                .register(c)
                .unwrap_or_else(|e| panic!("metric: {e}"));
        }
        Arc::new(m)
    }

    /// The journal watcher completed a pass now.
    pub fn journal_pass_done(&self) {
        self.journal_last_pass_ms
            .store(self.since_start_ms(), Ordering::Relaxed);
    }

    fn since_start_ms(&self) -> i64 {
        i64::try_from(self.started.elapsed().as_millis()).unwrap_or(i64::MAX)
    }
}

/// Keeps `interact_websockets_open` counted while a socket is served, whatever ends it.
pub struct OpenSocket(Arc<Metrics>);

impl OpenSocket {
    pub fn new(ctx: &Ctx) -> OpenSocket {
        ctx.metrics.websockets_open.inc();
        OpenSocket(ctx.metrics.clone())
    }
}

impl Drop for OpenSocket {
    fn drop(&mut self) {
        self.0.websockets_open.dec();
    }
}

/// Every metric in the text format, with the gauges read now: the pool's state, the APNs
/// outbox (one grouped count) and the journal watcher's lag.
pub async fn render(ctx: &Ctx) -> Result<String> {
    let m = &ctx.metrics;
    let outbox = ctx.db.read(apns_outbox::count_by_status).await?;
    for status in [apns_outbox::PENDING, apns_outbox::FAILED] {
        let n = outbox
            .iter()
            .find(|(s, _)| s == status)
            .map_or(0, |(_, n)| *n);
        m.apns_outbox.with_label_values(&[status]).set(n);
    }
    let pool = ctx.db.pool_state();
    let _one = m.scrape.lock().unwrap_or_else(|p| p.into_inner());
    m.pool_connections
        .with_label_values(&["in_use"])
        .set(i64::from(pool.connections.saturating_sub(pool.idle)));
    m.pool_connections
        .with_label_values(&["idle"])
        .set(i64::from(pool.idle));
    // The pool counts in its own atomics; the counters here catch up with them.
    m.pool_waits
        .inc_by(pool.waits.saturating_sub(m.pool_waits.get()));
    m.pool_wait_seconds
        .inc_by((pool.wait_time.as_secs_f64() - m.pool_wait_seconds.get()).max(0.0));
    m.pool_timeouts
        .inc_by(pool.timeouts.saturating_sub(m.pool_timeouts.get()));
    if let Some((used, highwater)) = ctx.db.sqlite_memory() {
        m.sqlite_memory.with_label_values(&["used"]).set(used);
        m.sqlite_memory
            .with_label_values(&["highwater"])
            .set(highwater);
    }
    let cache = &ctx.contact_cache;
    m.contact_cache_bytes
        .set(i64::try_from(cache.weight()).unwrap_or(i64::MAX));
    for (result, n) in [("hit", cache.hits()), ("miss", cache.misses())] {
        let counter = m.contact_cache_reads.with_label_values(&[result]);
        counter.inc_by(n.saturating_sub(counter.get()));
    }
    m.journal_cache_bytes
        .set(i64::try_from(ctx.journal_cache.weight()).unwrap_or(i64::MAX));
    let last = m.journal_last_pass_ms.load(Ordering::Relaxed);
    let lag_ms = (m.since_start_ms() - last).max(0);
    m.journal_lag.set(lag_ms as f64 / 1000.0);

    let mut out = Vec::new();
    TextEncoder::new()
        .encode(&m.registry.gather(), &mut out)
        .map_err(|e| Error::internal(anyhow::anyhow!("metrics: {e}")))?;
    String::from_utf8(out).map_err(|e| Error::internal(anyhow::anyhow!("metrics: {e}")))
}
