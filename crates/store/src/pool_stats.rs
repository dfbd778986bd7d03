//! What the connection pool reports for metrics: r2d2's events counted into atomics (checkouts
//! that waited, the time spent waiting, checkouts that timed out).

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use diesel::r2d2::{event, HandleEvent};

/// A checkout that took at least this long waited for a connection (an idle one is handed
/// out in microseconds).
const WAITED: Duration = Duration::from_millis(1);

#[derive(Debug, Default)]
struct Counts {
    waits: AtomicU64,
    wait_micros: AtomicU64,
    timeouts: AtomicU64,
}

/// The pool's event handler; clones share the counts.
#[derive(Debug, Clone, Default)]
pub struct PoolEvents(Arc<Counts>);

impl HandleEvent for PoolEvents {
    fn handle_checkout(&self, e: event::CheckoutEvent) {
        let d = e.duration();
        if d >= WAITED {
            self.0.waits.fetch_add(1, Ordering::Relaxed);
        }
        let micros = u64::try_from(d.as_micros()).unwrap_or(u64::MAX);
        self.0.wait_micros.fetch_add(micros, Ordering::Relaxed);
    }

    fn handle_timeout(&self, e: event::TimeoutEvent) {
        self.0.timeouts.fetch_add(1, Ordering::Relaxed);
        let micros = u64::try_from(e.timeout().as_micros()).unwrap_or(u64::MAX);
        self.0.wait_micros.fetch_add(micros, Ordering::Relaxed);
    }
}

/// The pool now: its connections (`idle` of them not in use) and the waits so far.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PoolState {
    pub connections: u32,
    pub idle: u32,
    pub waits: u64,
    pub wait_time: Duration,
    pub timeouts: u64,
}

impl PoolEvents {
    pub fn state(&self, connections: u32, idle: u32) -> PoolState {
        PoolState {
            connections,
            idle,
            waits: self.0.waits.load(Ordering::Relaxed),
            wait_time: Duration::from_micros(self.0.wait_micros.load(Ordering::Relaxed)),
            timeouts: self.0.timeouts.load(Ordering::Relaxed),
        }
    }
}
