//! The loop of the background tasks (the journal watcher, the APNs sender, the upkeep): wake
//! every period until the server stops.

use std::time::Duration;

use tokio::sync::watch;

/// A tick every period, the first at once; a tick missed while the task worked is not caught
/// up (the next comes a whole period later).
pub struct Every(tokio::time::Interval);

impl Every {
    pub fn new(period: Duration) -> Every {
        let mut interval = tokio::time::interval(period);
        interval.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        Every(interval)
    }

    /// Waits for the next tick: `true`, or `false` when `stop` turns true (or its sender is
    /// dropped) first.
    pub async fn tick(&mut self, stop: &mut watch::Receiver<bool>) -> bool {
        tokio::select! {
            _ = stop.wait_for(|s| *s) => false,
            _ = self.0.tick() => true,
        }
    }
}
