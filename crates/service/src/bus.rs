//! The notification bus: events for a user's connected devices (interaction pushes, sync
//! hints). `publish` delivers to the subscribers of this process at once and, on PostgreSQL,
//! to those of every other server process through `NOTIFY`. Events carry ids only; a receiver
//! loads what it sends from the database.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, Weak};
use std::time::Duration;

use interact_errors::{Error, Result};
use interact_store::{notify, AnyConnection, Db};
use serde::{Deserialize, Serialize};
use tokio::sync::mpsc;

use crate::sessions::Sessions;

/// What happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Topic {
    /// An interaction was recorded for the user (2.4.1); `id` is the interaction.
    Interaction,
    /// The user's data changed (2.4.3); `id` is the journal sequence number.
    SyncHint,
    /// The user's sessions were revoked or changed (logout, password, roles, groups,
    /// deactivation, deletion): every process drops them from its session cache.
    Sessions,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Event {
    #[serde(rename = "u")]
    pub user_id: i64,
    #[serde(rename = "t")]
    pub topic: Topic,
    pub id: i64,
}

/// The wire form between processes: the event and the process that sent it.
#[derive(Serialize, Deserialize)]
struct Envelope {
    #[serde(rename = "o")]
    origin: String,
    #[serde(flatten)]
    event: Event,
}

/// How often the listener looks for notifications from other processes: the most a
/// cross-process push waits on top of the database's own latency.
const POLL: Duration = Duration::from_millis(2);

type Subscribers = HashMap<i64, Vec<(u64, mpsc::UnboundedSender<Event>)>>;

struct Inner {
    origin: String,
    subscribers: Mutex<Subscribers>,
    next_id: AtomicU64,
    listening: AtomicBool,
    /// Set by `shutdown`: the listener thread ends at its next poll.
    stopping: Arc<AtomicBool>,
    listener: Mutex<Option<std::thread::JoinHandle<()>>>,
    db: Db,
    sessions: Arc<Sessions>,
}

impl Inner {
    fn deliver(&self, event: Event) {
        if event.topic == Topic::Sessions {
            self.sessions.revoke_user(event.user_id);
            return;
        }
        let mut subs = self.subscribers.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(list) = subs.get_mut(&event.user_id) {
            // A closed receiver is a websocket that went away: forget it.
            list.retain(|(_, tx)| tx.send(event).is_ok());
            if list.is_empty() {
                subs.remove(&event.user_id);
            }
        }
    }
}

#[derive(Clone)]
pub struct Bus {
    inner: Arc<Inner>,
}

/// A live subscription to one user's events; dropping it unsubscribes.
pub struct Subscription {
    pub events: mpsc::UnboundedReceiver<Event>,
    user_id: i64,
    id: u64,
    bus: Weak<Inner>,
}

impl Drop for Subscription {
    fn drop(&mut self) {
        if let Some(inner) = self.bus.upgrade() {
            let mut subs = inner.subscribers.lock().unwrap_or_else(|p| p.into_inner());
            if let Some(list) = subs.get_mut(&self.user_id) {
                list.retain(|(id, _)| *id != self.id);
                if list.is_empty() {
                    subs.remove(&self.user_id);
                }
            }
        }
    }
}

impl Bus {
    pub fn new(db: Db, sessions: Arc<Sessions>) -> Bus {
        Bus {
            inner: Arc::new(Inner {
                origin: uuid::Uuid::new_v4().to_string(),
                subscribers: Mutex::new(HashMap::new()),
                next_id: AtomicU64::new(1),
                listening: AtomicBool::new(false),
                stopping: Arc::new(AtomicBool::new(false)),
                listener: Mutex::new(None),
                db,
                sessions,
            }),
        }
    }

    /// Receives every event published for `user_id`, by this process or (on PostgreSQL) any
    /// other, from now on.
    pub fn subscribe(&self, user_id: i64) -> Subscription {
        self.start_listener();
        let (tx, rx) = mpsc::unbounded_channel();
        let id = self.inner.next_id.fetch_add(1, Ordering::Relaxed);
        self.inner
            .subscribers
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .entry(user_id)
            .or_default()
            .push((id, tx));
        Subscription {
            events: rx,
            user_id,
            id,
            bus: Arc::downgrade(&self.inner),
        }
    }

    /// The users this process holds subscriptions for.
    pub fn subscribed_users(&self) -> Vec<i64> {
        self.inner
            .subscribers
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .keys()
            .copied()
            .collect()
    }

    /// Delivers an event to this process's subscribers only (for events every process
    /// derives itself, such as sync hints from the journal).
    pub fn deliver_local(&self, event: Event) {
        self.inner.deliver(event);
    }

    /// How many subscriptions this process holds for a user.
    pub fn subscribers(&self, user_id: i64) -> usize {
        self.inner
            .subscribers
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .get(&user_id)
            .map_or(0, Vec::len)
    }

    /// Sends an event to the other processes when the caller's transaction commits (and not
    /// at all if it rolls back); this process's own handling is the caller's. Nothing on
    /// SQLite.
    pub fn notify_in(&self, conn: &mut AnyConnection, event: Event) -> Result<()> {
        if self.inner.db.backend() != interact_store::Backend::Postgres {
            return Ok(());
        }
        let payload = serde_json::to_string(&Envelope {
            origin: self.inner.origin.clone(),
            event,
        })
        .map_err(Error::internal)?;
        notify::notify(conn, &payload)
    }

    /// Publishes an event; call it after the change it announces was committed.
    pub async fn publish(&self, event: Event) -> Result<()> {
        self.inner.deliver(event);
        if self.inner.db.backend() == interact_store::Backend::Postgres {
            let payload = serde_json::to_string(&Envelope {
                origin: self.inner.origin.clone(),
                event,
            })
            .map_err(Error::internal)?;
            // A transaction of its own that writes nothing durable: no WAL flush to wait for.
            self.inner
                .db
                .read(move |c| {
                    notify::commit_without_flush(c)?;
                    notify::notify(c, &payload)
                })
                .await?;
        }
        Ok(())
    }

    /// On PostgreSQL, starts (once) the thread that listens for other processes' events.
    pub fn start_listener(&self) {
        if self.inner.db.backend() != interact_store::Backend::Postgres
            || self.inner.listening.swap(true, Ordering::AcqRel)
        {
            return;
        }
        let weak = Arc::downgrade(&self.inner);
        let db = self.inner.db.clone();
        let stopping = self.inner.stopping.clone();
        let spawned = std::thread::Builder::new()
            .name("bus-listener".into())
            .spawn(move || listen(weak, db, stopping));
        match spawned {
            Ok(handle) => {
                *self
                    .inner
                    .listener
                    .lock()
                    .unwrap_or_else(|p| p.into_inner()) = Some(handle);
            }
            Err(e) => {
                log::error!("cannot start the bus listener: {e}");
                self.inner.listening.store(false, Ordering::Release);
            }
        }
    }

    /// Stops the listener thread and waits for it, closing its connection. Call it when the
    /// server stops: a thread still inside libpq while the process exits can crash the exit
    /// (the TLS library's exit handlers free state it is using).
    pub fn shutdown(&self) {
        self.inner.stopping.store(true, Ordering::Release);
        let handle = self
            .inner
            .listener
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .take();
        if let Some(handle) = handle {
            if handle.join().is_err() {
                log::warn!("the bus listener thread panicked");
            }
        }
    }
}

/// The listener loop: runs until the bus is dropped, reconnecting with backoff when the
/// connection fails. Events published while it is disconnected are not replayed; devices
/// recover them through the sync hint they get when they reconnect.
fn listen(bus: Weak<Inner>, db: Db, stopping: Arc<AtomicBool>) {
    let mut backoff = Duration::from_millis(100);
    let stopped = || stopping.load(Ordering::Acquire) || bus.strong_count() == 0;
    loop {
        if stopped() {
            return;
        }
        let mut listener = match db.bus_listener() {
            Some(Ok(l)) => l,
            Some(Err(e)) => {
                log::warn!("bus listener cannot connect: {e}; retrying in {backoff:?}");
                // Sleep in slices, so that a shutdown does not wait out the backoff.
                let until = std::time::Instant::now() + backoff;
                while std::time::Instant::now() < until && !stopped() {
                    std::thread::sleep(Duration::from_millis(50));
                }
                backoff = (backoff * 2).min(Duration::from_secs(5));
                continue;
            }
            None => return,
        };
        backoff = Duration::from_millis(100);
        // Revocations sent while nobody listened are lost: start from an empty cache.
        if let Some(inner) = bus.upgrade() {
            inner.sessions.set_trusted(true);
        }
        loop {
            std::thread::sleep(POLL);
            if stopping.load(Ordering::Acquire) {
                return;
            }
            let Some(inner) = bus.upgrade() else { return };
            match listener.drain() {
                Ok(payloads) => {
                    for p in payloads {
                        match serde_json::from_str::<Envelope>(&p) {
                            Ok(env) if env.origin != inner.origin => inner.deliver(env.event),
                            Ok(_) => {}
                            Err(e) => log::warn!("ignoring a malformed bus message: {e}"),
                        }
                    }
                }
                Err(e) => {
                    log::warn!("bus listener lost its connection: {e}");
                    inner.sessions.set_trusted(false);
                    break;
                }
            }
        }
    }
}
