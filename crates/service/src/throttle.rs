//! Login throttling: attempts are recorded per account and per client address in the
//! database (so every server process sharing it counts alike) before the password is checked,
//! and forgotten again when it was right; past the limit within the window, attempts are
//! answered 429 with `Retry-After` before any password is checked.

use interact_errors::{Action, Detail, Error, Exception, Realm, Result};
use interact_store::{login_failures, AnyConnection};

use crate::Ctx;

/// The keys one attempt counts against.
#[derive(Debug, Clone)]
pub struct Keys {
    pub account: String,
    pub addr: Option<String>,
}

impl Keys {
    /// `email` lower-cased (whether or not such a user exists, so a 429 tells nothing).
    pub fn new(email: &str, addr: Option<&str>) -> Keys {
        Keys {
            account: format!("account:{}", email.trim().to_lowercase()),
            addr: addr.map(|a| format!("addr:{a}")),
        }
    }
}

fn too_many(action: Action, realm: Realm, retry_after_ms: i64) -> Error {
    let secs = ((retry_after_ms + 999) / 1000).max(1) as u64;
    Error::new(
        Exception::Authentication,
        action,
        realm,
        Detail::Throttled,
        format!("too many failed attempts; try again in {secs} s"),
    )
    .with_status(429)
    .with_retry_after(secs)
}

/// An attempt let through to a password check. Its rows count against every key as a
/// failure until `succeeded` releases them, so a guess is counted before it is checked.
#[derive(Debug, Clone, Default)]
pub struct Attempt {
    ids: Vec<i64>,
}

/// Counts and records an attempt in one atomic step: refuses with 429 when a key is over its
/// limit, else records the attempt against every key. Runs inside the caller's write
/// transaction, with the keys locked (across processes on PostgreSQL), so that N parallel
/// attempts let at most the limit through to a password check; the rest are answered 429.
pub fn admit(
    c: &mut AnyConnection,
    ctx: &Ctx,
    keys: &Keys,
    now: i64,
    action: Action,
    realm: Realm,
) -> Result<Attempt> {
    let window = ctx.config.login_window_ms;
    let since = now - window;
    let mut limits = vec![(&keys.account, ctx.config.login_max_failures)];
    if let Some(addr) = &keys.addr {
        limits.push((addr, ctx.config.login_max_failures_addr));
    }
    let names: Vec<&str> = limits.iter().map(|(k, _)| k.as_str()).collect();
    login_failures::lock(c, &names)?;
    login_failures::forget_older(c, since)?;
    for (key, max) in &limits {
        let (count, oldest) = login_failures::recent(c, key, since)?;
        if count >= *max {
            let retry = oldest.map(|o| o + window - now).unwrap_or(window);
            return Err(too_many(action, realm, retry));
        }
    }
    let mut attempt = Attempt::default();
    for (key, _) in &limits {
        attempt.ids.push(login_failures::record(c, key, now)?);
    }
    Ok(attempt)
}

/// The password was right: the attempt does not count, and the account's failures are
/// forgotten (the address keeps its count, so one good password does not reset an address
/// that guesses at many accounts).
pub fn succeeded(c: &mut AnyConnection, keys: &Keys, attempt: &Attempt) -> Result<()> {
    login_failures::release(c, &attempt.ids)?;
    forget_account(c, keys)
}

/// The attempt ended before its password could count either way (an inactive account whose
/// password was right): it is not counted.
pub fn release(c: &mut AnyConnection, attempt: &Attempt) -> Result<()> {
    login_failures::release(c, &attempt.ids)
}

/// Forgets the account's failures (its password was just reset).
pub fn forget_account(c: &mut AnyConnection, keys: &Keys) -> Result<()> {
    login_failures::clear(c, &keys.account)
}
