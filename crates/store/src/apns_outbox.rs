//! The APNs outbox (2.4.2): deliveries written with the interaction they announce, picked up
//! by the sender task, retried with backoff, and marked sent or failed.

use diesel::prelude::*;
use interact_errors::Result;

use crate::schema::apns_outbox;
use crate::AnyConnection;

pub const PENDING: &str = "pending";
/// Claimed by a sender until `next_attempt` (its lease); a row whose lease has run out (the
/// sender crashed or stopped mid-send) is due again.
pub const SENDING: &str = "sending";
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

/// Whether any delivery is due at `now` (a cheap read before claiming, so that an idle
/// sender does not take the write lock every round).
pub fn any_due(conn: &mut AnyConnection, now: i64) -> Result<bool> {
    Ok(diesel::select(diesel::dsl::exists(
        apns_outbox::table
            .filter(apns_outbox::status.eq_any([PENDING, SENDING]))
            .filter(apns_outbox::next_attempt.le(now)),
    ))
    .get_result(conn)?)
}

/// How many deliveries are pending (waiting or being sent) and how many failed, as
/// `(status, count)` (an index scan of those statuses; sent rows are not counted).
pub fn count_by_status(conn: &mut AnyConnection) -> Result<Vec<(String, i64)>> {
    let rows: Vec<(String, i64)> = apns_outbox::table
        .filter(apns_outbox::status.eq_any([PENDING, SENDING, FAILED]))
        .group_by(apns_outbox::status)
        .select((apns_outbox::status, diesel::dsl::count_star()))
        .load(conn)?;
    let mut out = vec![(PENDING.to_string(), 0), (FAILED.to_string(), 0)];
    for (status, n) in rows {
        let key = if status == FAILED { 1 } else { 0 };
        out[key].1 += n;
    }
    Ok(out)
}

/// Claims up to `limit` due deliveries, oldest first, for one sender: pending rows whose
/// time has come and claimed rows whose lease ran out are marked `sending` with `lease_until`
/// in `next_attempt`, in the caller's (write) transaction, and returned as claimed. On
/// PostgreSQL rows another process is claiming right now are skipped (`FOR UPDATE SKIP
/// LOCKED`), so concurrent senders get disjoint rows; on SQLite the claim is one statement
/// under the database's single writer lock, which gives the same.
pub fn claim(
    conn: &mut AnyConnection,
    now: i64,
    lease_until: i64,
    limit: i64,
) -> Result<Vec<Delivery>> {
    // The subquery reads the same table as the update: Diesel needs it under another name.
    let d = diesel::alias!(apns_outbox as due);
    let due = d
        .filter(d.field(apns_outbox::status).eq_any([PENDING, SENDING]))
        .filter(d.field(apns_outbox::next_attempt).le(now))
        .order(d.field(apns_outbox::id).asc())
        .limit(limit)
        .select(d.field(apns_outbox::id));
    let changes = (
        apns_outbox::status.eq(SENDING),
        apns_outbox::next_attempt.eq(lease_until),
        apns_outbox::updated.eq(now),
    );
    let mut rows: Vec<Delivery> = match conn {
        AnyConnection::Postgresql(c) => diesel::update(apns_outbox::table)
            .filter(apns_outbox::id.eq_any(due.for_update().skip_locked()))
            .set(changes)
            .returning(Delivery::as_returning())
            .get_results(c)?,
        AnyConnection::Sqlite(c) => diesel::update(apns_outbox::table)
            .filter(apns_outbox::id.eq_any(due))
            .set(changes)
            .returning(Delivery::as_returning())
            .get_results(c)?,
    };
    rows.sort_by_key(|d| d.id);
    Ok(rows)
}

/// Records an attempt's outcome — a new status, the attempt count, when to try next — if the
/// row is still claimed with `lease_until` (the claim's token: a later claim after the lease
/// ran out has a later lease). Answers whether it was recorded.
#[allow(clippy::too_many_arguments)]
pub fn record(
    conn: &mut AnyConnection,
    id: i64,
    lease_until: i64,
    status: &str,
    attempts: i64,
    next_attempt: i64,
    error: Option<&str>,
    now: i64,
) -> Result<bool> {
    let n = diesel::update(
        apns_outbox::table
            .find(id)
            .filter(apns_outbox::status.eq(SENDING))
            .filter(apns_outbox::next_attempt.eq(lease_until)),
    )
    .set((
        apns_outbox::status.eq(status),
        apns_outbox::attempts.eq(attempts),
        apns_outbox::next_attempt.eq(next_attempt),
        apns_outbox::last_error.eq(error),
        apns_outbox::updated.eq(now),
    ))
    .execute(conn)?;
    Ok(n == 1)
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
