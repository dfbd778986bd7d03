//! The APNs outbox (2.4.2): deliveries written with the interaction they announce, picked up
//! by the sender task, retried with backoff, and marked sent or failed.

use diesel::prelude::*;
use interact_errors::Result;

use crate::schema::apns_outbox;
use crate::AnyConnection;

pub const PENDING: &str = "pending";
pub const SENT: &str = "sent";
pub const FAILED: &str = "failed";

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = apns_outbox)]
pub struct Delivery {
    pub id: i64,
    pub user_id: i64,
    pub device_token: String,
    pub payload: String,
    pub status: String,
    pub attempts: i64,
    pub next_attempt: i64,
    pub last_error: Option<String>,
    pub created: i64,
    pub updated: i64,
}

pub fn enqueue(
    conn: &mut AnyConnection,
    user_id: i64,
    device_token: &str,
    payload: &str,
    now: i64,
) -> Result<()> {
    diesel::insert_into(apns_outbox::table)
        .values((
            apns_outbox::user_id.eq(user_id),
            apns_outbox::device_token.eq(device_token),
            apns_outbox::payload.eq(payload),
            apns_outbox::status.eq(PENDING),
            apns_outbox::attempts.eq(0i64),
            apns_outbox::next_attempt.eq(now),
            apns_outbox::created.eq(now),
            apns_outbox::updated.eq(now),
        ))
        .execute(conn)?;
    Ok(())
}

/// Pending deliveries due at `now`, oldest first.
pub fn due(conn: &mut AnyConnection, now: i64, limit: i64) -> Result<Vec<Delivery>> {
    Ok(apns_outbox::table
        .filter(apns_outbox::status.eq(PENDING))
        .filter(apns_outbox::next_attempt.le(now))
        .order(apns_outbox::id.asc())
        .limit(limit)
        .select(Delivery::as_select())
        .load(conn)?)
}

/// Records an attempt's outcome: a new status, the attempt count, when to try next.
pub fn record(
    conn: &mut AnyConnection,
    id: i64,
    status: &str,
    attempts: i64,
    next_attempt: i64,
    error: Option<&str>,
    now: i64,
) -> Result<()> {
    diesel::update(apns_outbox::table.find(id))
        .set((
            apns_outbox::status.eq(status),
            apns_outbox::attempts.eq(attempts),
            apns_outbox::next_attempt.eq(next_attempt),
            apns_outbox::last_error.eq(error),
            apns_outbox::updated.eq(now),
        ))
        .execute(conn)?;
    Ok(())
}

pub fn list_for_user(conn: &mut AnyConnection, user_id: i64) -> Result<Vec<Delivery>> {
    Ok(apns_outbox::table
        .filter(apns_outbox::user_id.eq(user_id))
        .order(apns_outbox::id.asc())
        .select(Delivery::as_select())
        .load(conn)?)
}

pub fn delete_for_user(conn: &mut AnyConnection, user_id: i64) -> Result<usize> {
    Ok(
        diesel::delete(apns_outbox::table.filter(apns_outbox::user_id.eq(user_id)))
            .execute(conn)?,
    )
}
