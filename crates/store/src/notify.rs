//! PostgreSQL `LISTEN`/`NOTIFY` plumbing for the notification bus: server processes that share
//! one PostgreSQL tell each other about events through the database, with no extra broker.
//! On SQLite (one process) there is nothing to tell.

use diesel::sql_types::Text;
use diesel::{Connection, PgConnection, RunQueryDsl};
use interact_errors::{Error, Result};

use crate::AnyConnection;

/// The channel every server process listens on.
pub const CHANNEL: &str = "interact_bus";

/// PostgreSQL refuses payloads of 8000 bytes or more; events carry ids, far below that.
pub const MAX_PAYLOAD: usize = 7999;

/// Sends `payload` to every listening process. Inside a transaction PostgreSQL delivers it at
/// commit (and drops it on rollback). Does nothing on SQLite.
pub fn notify(conn: &mut AnyConnection, payload: &str) -> Result<()> {
    if payload.len() > MAX_PAYLOAD {
        return Err(Error::internal(anyhow::anyhow!(
            "bus payload of {} bytes is too large",
            payload.len()
        )));
    }
    if let AnyConnection::Postgresql(pg) = conn {
        diesel::sql_query("SELECT pg_notify($1, $2)")
            .bind::<Text, _>(CHANNEL)
            .bind::<Text, _>(payload)
            .execute(pg)?;
    }
    Ok(())
}

/// Lets the caller's transaction commit without waiting for its WAL flush (`SET LOCAL
/// synchronous_commit TO OFF`). Only for a transaction that writes nothing that must survive
/// a crash — one that just sends a notification: `NOTIFY` takes a transaction id, so its
/// commit would otherwise wait for a flush, and PostgreSQL serializes the commits of notifying
/// transactions, so every notification would queue behind the previous one's flush. Does
/// nothing on SQLite.
pub fn commit_without_flush(conn: &mut AnyConnection) -> Result<()> {
    if let AnyConnection::Postgresql(pg) = conn {
        diesel::sql_query("SET LOCAL synchronous_commit TO OFF").execute(pg)?;
    }
    Ok(())
}

/// A dedicated connection that listens on [`CHANNEL`].
pub struct Listener {
    conn: PgConnection,
}

impl Listener {
    pub fn connect(url: &str) -> anyhow::Result<Listener> {
        let mut conn = PgConnection::establish(url)?;
        diesel::sql_query(format!("LISTEN {CHANNEL}")).execute(&mut conn)?;
        Ok(Listener { conn })
    }

    /// The payloads received since the last call; never blocks.
    pub fn drain(&mut self) -> anyhow::Result<Vec<String>> {
        let mut out = Vec::new();
        for n in self.conn.notifications_iter() {
            let n = n?;
            if n.channel == CHANNEL {
                out.push(n.payload);
            }
        }
        Ok(out)
    }
}
