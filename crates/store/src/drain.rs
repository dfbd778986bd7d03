//! The queue and its drains that [`crate::group_commit`] (writes) and [`crate::batch`]
//! (reads) share ([`push`]): a job queues and its caller awaits; a drain on a blocking thread
//! takes the queued jobs in batches until the queue is empty, and the next job after that
//! starts another. A job that finds as many drains running as the queue allows only queues
//! (the writer: one; reads: [`crate::batch::DRAINS`], so that one slow statement does not hold
//! every read behind it).

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};

/// Jobs waiting for the drain, and whether one is running.
pub(crate) struct Queue<J> {
    state: Mutex<State<J>>,
}

struct State<J> {
    jobs: VecDeque<J>,
    /// How many drains are running (each takes whatever is queued before it stops).
    drains: usize,
}

impl<J> Queue<J> {
    pub(crate) fn new() -> Self {
        Queue {
            state: Mutex::new(State {
                jobs: VecDeque::new(),
                drains: 0,
            }),
        }
    }

    /// Queues `job`; true when fewer than `drains` drains are running, and one more is to be
    /// started.
    fn push(&self, job: J, drains: usize) -> bool {
        let mut s = self.state.lock().unwrap_or_else(|p| p.into_inner());
        s.jobs.push_back(job);
        if s.drains < drains.max(1) {
            s.drains += 1;
            true
        } else {
            false
        }
    }

    /// The next batch of at most `max` jobs; None when the queue is empty, and the drain
    /// stops.
    fn take(&self, max: usize) -> Option<Vec<J>> {
        let mut s = self.state.lock().unwrap_or_else(|p| p.into_inner());
        let n = s.jobs.len().min(max);
        if n == 0 {
            s.drains = s.drains.saturating_sub(1);
            return None;
        }
        Some(s.jobs.drain(..n).collect())
    }

    fn stopped(&self) {
        let mut s = self.state.lock().unwrap_or_else(|p| p.into_inner());
        s.drains = s.drains.saturating_sub(1);
    }
}

/// Queues `job` on `owner`'s queue and, when fewer than `drains` drains are running, starts
/// one on a blocking thread: `run` is given each batch of at most `max` jobs until the queue
/// is empty (a `run` that can panic catches it itself).
pub(crate) fn push<O, J>(
    owner: &Arc<O>,
    queue: fn(&O) -> &Queue<J>,
    job: J,
    max: usize,
    drains: usize,
    run: fn(&O, Vec<J>),
) where
    O: Send + Sync + 'static,
    J: 'static,
{
    if !queue(owner).push(job, drains) {
        return;
    }
    let drain = Drain {
        owner: owner.clone(),
        queue,
        finished: false,
    };
    tokio::task::spawn_blocking(move || drain.run(max, run));
}

/// The one running drain. Dropped without having finished (its blocking task never ran: the
/// runtime that was to run it shut down), it lets the next job start another, which takes
/// what is still queued: without that, every later job would wait forever.
struct Drain<O, J: 'static> {
    owner: Arc<O>,
    queue: fn(&O) -> &Queue<J>,
    finished: bool,
}

impl<O, J> Drain<O, J> {
    fn run(mut self, max: usize, run: fn(&O, Vec<J>)) {
        while let Some(batch) = (self.queue)(&self.owner).take(max) {
            run(&self.owner, batch);
        }
        self.finished = true;
    }
}

impl<O, J> Drop for Drain<O, J> {
    fn drop(&mut self) {
        if !self.finished {
            (self.queue)(&self.owner).stopped();
        }
    }
}
