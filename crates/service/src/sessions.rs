//! The session cache: token hash → the caller it authenticates, so that the common request
//! authenticates without the database. Revocations (logout, password change or reset, role or
//! group change, deactivation, deletion, wipe) drop entries at once in this process and, on
//! PostgreSQL, in every other process through the notification bus. The cache is bounded.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;

use crate::auth::Principal;

/// At most this many sessions are cached; past it, expired ones are dropped, and if that is
/// not enough the cache starts empty again (a miss costs one read).
pub const MAX_SESSIONS: usize = 100_000;

/// A cached session.
#[derive(Debug, Clone)]
pub struct Session {
    pub principal: Principal,
    /// The expiry as stored in the database (as far as this process knows).
    pub persisted: i64,
}

struct State {
    map: HashMap<String, Session>,
    /// Moves on every revocation: a session read from the database before a revocation
    /// must not be cached after it (see `insert`).
    generation: u64,
}

pub struct Sessions {
    state: Mutex<State>,
    max: usize,
    /// Whether the cache may answer. SQLite: always (one process). PostgreSQL: only while
    /// the bus listener is connected, since revocations by other processes arrive through it.
    trusted: AtomicBool,
}

impl Sessions {
    pub fn new(max: usize, trusted: bool) -> Sessions {
        Sessions {
            state: Mutex::new(State {
                map: HashMap::new(),
                generation: 0,
            }),
            max: max.max(1),
            trusted: AtomicBool::new(trusted),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Take this before reading a session from the database, and give it to `insert`.
    pub fn generation(&self) -> u64 {
        self.lock().generation
    }

    /// The cached session of this token hash, if the cache may answer and it has not
    /// expired by `now`; slides its in-memory expiry to `expires`.
    pub fn hit(&self, hash: &str, now: i64, expires: i64) -> Option<Session> {
        if !self.trusted.load(Ordering::Acquire) {
            return None;
        }
        let mut state = self.lock();
        let s = state.map.get_mut(hash)?;
        if s.principal.expires <= now {
            return None;
        }
        s.principal.expires = s.principal.expires.max(expires);
        Some(s.clone())
    }

    /// Caches a session read from the database, unless a revocation happened since
    /// `generation` was taken (the read may predate it) or the cache may not answer.
    pub fn insert(&self, hash: String, session: Session, generation: u64, now: i64) {
        if !self.trusted.load(Ordering::Acquire) {
            return;
        }
        let mut state = self.lock();
        if state.generation != generation {
            return;
        }
        if state.map.len() >= self.max && !state.map.contains_key(&hash) {
            state.map.retain(|_, s| s.principal.expires > now);
            if state.map.len() >= self.max {
                state.map.clear();
            }
        }
        state.map.insert(hash, session);
    }

    /// Forgets one token.
    pub fn revoke_token(&self, hash: &str) {
        let mut state = self.lock();
        state.generation += 1;
        state.map.remove(hash);
    }

    /// Drops an entry the database no longer confirms (unknown, expired or inactive). No
    /// revocation: whatever made it invalid revoked it already.
    pub fn forget(&self, hash: &str) {
        self.lock().map.remove(hash);
    }

    /// Forgets every session of a user.
    pub fn revoke_user(&self, user_id: i64) {
        let mut state = self.lock();
        state.generation += 1;
        state.map.retain(|_, s| s.principal.user_id != user_id);
    }

    /// Forgets everything.
    pub fn clear(&self) {
        let mut state = self.lock();
        state.generation += 1;
        state.map.clear();
    }

    /// Whether the cache may answer; either way it starts empty (revocations may have been
    /// missed while it could not hear them).
    pub fn set_trusted(&self, trusted: bool) {
        self.trusted.store(trusted, Ordering::Release);
        self.clear();
    }

    /// How many sessions are cached.
    pub fn len(&self) -> usize {
        self.lock().map.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::Role;

    fn session(user_id: i64, expires: i64) -> Session {
        Session {
            principal: Principal {
                user_id,
                uuid: String::new(),
                email: String::new(),
                company_id: None,
                roles: vec![Role::User],
                token_id: user_id,
                expires,
            },
            persisted: expires,
        }
    }

    #[test]
    fn a_read_older_than_a_revocation_is_not_cached() {
        let s = Sessions::new(10, true);
        let g = s.generation();
        s.revoke_user(1);
        s.insert("a".into(), session(1, 100), g, 0);
        assert!(s.hit("a", 0, 50).is_none());
        let g = s.generation();
        s.insert("a".into(), session(1, 100), g, 0);
        assert!(s.hit("a", 0, 50).is_some());
        s.revoke_user(1);
        assert!(s.hit("a", 0, 50).is_none());
    }

    #[test]
    fn bounded_and_expiring() {
        let s = Sessions::new(2, true);
        for (i, h) in ["a", "b", "c"].into_iter().enumerate() {
            let g = s.generation();
            s.insert(h.into(), session(i as i64, 100), g, 0);
        }
        assert!(s.len() <= 2);
        assert!(s.hit("c", 0, 10).is_some());
        assert!(s.hit("c", 200, 300).is_none(), "expired");
    }

    #[test]
    fn untrusted_never_answers() {
        let s = Sessions::new(10, false);
        let g = s.generation();
        s.insert("a".into(), session(1, 100), g, 0);
        assert!(s.hit("a", 0, 50).is_none());
    }
}
