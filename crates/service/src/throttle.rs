//! Login throttling: failures are recorded per account and per client address in the
//! database (so every server process sharing it counts alike); past the limit within the
//! window, attempts are answered 429 with `Retry-After` before any password is checked.

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

/// Refuses with 429 when a key is over its limit. Runs inside the caller's read transaction
/// (one indexed count per key).
pub fn check(
    c: &mut AnyConnection,
    ctx: &Ctx,
    keys: &Keys,
    now: i64,
    action: Action,
    realm: Realm,
) -> Result<()> {
    let window = ctx.config.login_window_ms;
    let since = now - window;
    let mut limits = vec![(&keys.account, ctx.config.login_max_failures)];
    if let Some(addr) = &keys.addr {
        limits.push((addr, ctx.config.login_max_failures_addr));
    }
    for (key, max) in limits {
        let (count, oldest) = login_failures::recent(c, key, since)?;
        if count >= max {
            let retry = oldest.map(|o| o + window - now).unwrap_or(window);
            return Err(too_many(action, realm, retry));
        }
    }
    Ok(())
}

/// Records a failed attempt against every key.
pub async fn failed(ctx: &Ctx, keys: &Keys) -> Result<()> {
    let now = ctx.clock.now_ms();
    let forget_before = now - ctx.config.login_window_ms;
    let keys = keys.clone();
    ctx.db
        .write(move |c| {
            login_failures::record(c, &keys.account, now, forget_before)?;
            if let Some(addr) = &keys.addr {
                login_failures::record(c, addr, now, forget_before)?;
            }
            Ok(())
        })
        .await
}

/// Forgets the account's failures after a success (the address keeps its count, so one
/// good password does not reset an address that guesses at many accounts).
pub fn succeeded(c: &mut AnyConnection, keys: &Keys) -> Result<()> {
    login_failures::clear(c, &keys.account)
}
