//! Login attempts per account and per client address, in the database so that every server
//! process sharing it throttles alike. A row is written before the password is checked and
//! stays as the record of a failure unless the attempt succeeds.

use diesel::prelude::*;
use diesel::sql_types::BigInt;
use interact_errors::Result;

use crate::schema::login_failures;
use crate::AnyConnection;

/// Advisory lock class of login throttling (the high half of the 64-bit lock key), so that its
/// locks never meet another use of advisory locks.
const LOCK_CLASS: i64 = 0x1f7e_a11d;

/// A key's lock number: FNV-1a of the key in the low 32 bits (the same in every process),
/// the class in the high 32. Two keys with one number only wait for each other.
fn lock_number(key: &str) -> i64 {
    let mut h: u32 = 0x811c_9dc5;
    for b in key.bytes() {
        h ^= u32::from(b);
        h = h.wrapping_mul(0x0100_0193);
    }
    (LOCK_CLASS << 32) | i64::from(h)
}

/// Makes the attempts on these keys take turns until the caller's transaction ends, so that
/// counting and recording an attempt is one atomic step: on PostgreSQL a transaction-scoped
/// advisory lock per key, taken in ascending order so that two attempts never wait on each
/// other crosswise (it holds across server processes); on SQLite the caller's write
/// transaction already excludes every other writer.
pub fn lock(conn: &mut AnyConnection, keys: &[&str]) -> Result<()> {
    if let AnyConnection::Postgresql(pg) = conn {
        let mut numbers: Vec<i64> = keys.iter().map(|k| lock_number(k)).collect();
        numbers.sort_unstable();
        numbers.dedup();
        for n in numbers {
            diesel::sql_query("SELECT pg_advisory_xact_lock($1)")
                .bind::<BigInt, _>(n)
                .execute(pg)?;
        }
    }
    Ok(())
}

/// How many attempts a key has since `since`, and the time of the oldest of them.
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

/// Forgets every attempt older than `before` (of any key, so that keys which never fail
/// again do not pile up).
pub fn forget_older(conn: &mut AnyConnection, before: i64) -> Result<()> {
    diesel::delete(login_failures::table.filter(login_failures::time.le(before))).execute(conn)?;
    Ok(())
}

/// Records one attempt; returns its id.
pub fn record(conn: &mut AnyConnection, key: &str, time: i64) -> Result<i64> {
    Ok(diesel::insert_into(login_failures::table)
        .values((login_failures::key.eq(key), login_failures::time.eq(time)))
        .returning(login_failures::id)
        .get_result(conn)?)
}

/// Forgets these attempts (of an attempt that succeeded).
pub fn release(conn: &mut AnyConnection, ids: &[i64]) -> Result<()> {
    if !ids.is_empty() {
        diesel::delete(login_failures::table.filter(login_failures::id.eq_any(ids)))
            .execute(conn)?;
    }
    Ok(())
}

/// Forgets a key's attempts (after a successful login).
pub fn clear(conn: &mut AnyConnection, key: &str) -> Result<()> {
    diesel::delete(login_failures::table.filter(login_failures::key.eq(key))).execute(conn)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lock_numbers_are_stable_and_in_their_class() {
        // Every process must compute the same number for a key.
        assert_eq!(
            lock_number("account:a@example.com"),
            lock_number("account:a@example.com")
        );
        assert_ne!(
            lock_number("account:a@example.com"),
            lock_number("addr:127.0.0.1")
        );
        assert_eq!(lock_number("") >> 32, LOCK_CLASS);
        assert_eq!(lock_number("") & 0xffff_ffff, 0x811c_9dc5);
    }
}
