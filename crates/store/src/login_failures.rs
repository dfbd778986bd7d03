//! Failed logins per account and per client address, in the database so that every server
//! process sharing it throttles alike.

use diesel::prelude::*;
use interact_errors::Result;

use crate::schema::login_failures;
use crate::AnyConnection;

/// How many failures a key has since `since`, and the time of the oldest of them.
/// One indexed query: this runs on every login.
pub fn recent(conn: &mut AnyConnection, key: &str, since: i64) -> Result<(i64, Option<i64>)> {
    Ok(login_failures::table
        .filter(login_failures::key.eq(key))
        .filter(login_failures::time.gt(since))
        .select((
            diesel::dsl::count_star(),
            diesel::dsl::min(login_failures::time),
        ))
        .first(conn)?)
}

/// Records one failure and forgets every failure older than `forget_before` (of any key, so
/// that keys which never fail again do not pile up).
pub fn record(conn: &mut AnyConnection, key: &str, time: i64, forget_before: i64) -> Result<()> {
    diesel::delete(login_failures::table.filter(login_failures::time.le(forget_before)))
        .execute(conn)?;
    diesel::insert_into(login_failures::table)
        .values((login_failures::key.eq(key), login_failures::time.eq(time)))
        .execute(conn)?;
    Ok(())
}

/// Forgets a key's failures (after a successful login).
pub fn clear(conn: &mut AnyConnection, key: &str) -> Result<()> {
    diesel::delete(login_failures::table.filter(login_failures::key.eq(key))).execute(conn)?;
    Ok(())
}
